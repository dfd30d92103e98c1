package io.github.nin4j.data;

import io.github.nin4j.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Turns an arbitrary photo (PNG or JPEG, any size or colour) into a 28×28 grayscale image the way
 * Fashion-MNIST's were made (Xiao et al. 2017, section 2): the item light on a black background,
 * its longer side scaled to 28 pixels and the image centred on a black square.
 *
 * <p>Steps: transparent pixels are laid on white; colour becomes luminance (ITU-R BT.601: 0.299 R
 * + 0.587 G + 0.114 B); if the border is brighter than mid-grey, the picture is taken to be a dark
 * item on a light background, like most product photos, and is negated; the longer side is scaled
 * to 28 by area averaging; the result is centred on black.
 */
public final class PhotoConverter {

    /** The side of a Fashion-MNIST image. */
    public static final int SIDE = 28;

    /**
     * Reads and converts an image file.
     *
     * @param file a PNG or JPEG file
     * @return 28×28 bytes, row-major, 0 black to 255 white
     * @throws InvalidInputException if the file is missing or not a readable image
     */
    public byte[] convert(Path file) {
        BufferedImage image;
        try {
            image = Files.isRegularFile(file) ? ImageIO.read(file.toFile()) : null;
        } catch (IOException e) {
            throw new InvalidInputException("cannot read image " + file + ": " + e.getMessage(), e);
        }
        if (image == null) {
            throw new InvalidInputException(
                    Files.isRegularFile(file)
                            ? "image " + file + " is not a PNG or JPEG file Java can decode"
                            : "image " + file + " does not exist");
        }
        return convert(image);
    }

    /**
     * Converts an image.
     *
     * @param image any image
     * @return 28×28 bytes, row-major, 0 black to 255 white
     */
    public byte[] convert(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double borderSum = 0;
        int borderCount = 0;
        double[] luminance = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                double alpha = ((argb >>> 24) & 0xff) / 255.0;
                double r = ((argb >> 16) & 0xff) * alpha + 255 * (1 - alpha);
                double g = ((argb >> 8) & 0xff) * alpha + 255 * (1 - alpha);
                double b = (argb & 0xff) * alpha + 255 * (1 - alpha);
                double l = 0.299 * r + 0.587 * g + 0.114 * b;
                luminance[y * w + x] = l;
                if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
                    borderSum += l;
                    borderCount++;
                }
            }
        }
        if (borderSum / borderCount > 127.5) {
            for (int i = 0; i < luminance.length; i++) {
                luminance[i] = 255 - luminance[i];
            }
        }
        double scale = (double) SIDE / Math.max(w, h);
        int sw = Math.max(1, (int) Math.round(w * scale));
        int sh = Math.max(1, (int) Math.round(h * scale));
        byte[] pixels = new byte[SIDE * SIDE];
        int left = (SIDE - sw) / 2;
        int top = (SIDE - sh) / 2;
        for (int oy = 0; oy < sh; oy++) {
            for (int ox = 0; ox < sw; ox++) {
                double value = areaAverage(luminance, w, h, ox * (double) w / sw,
                        (ox + 1) * (double) w / sw, oy * (double) h / sh, (oy + 1) * (double) h / sh);
                pixels[(top + oy) * SIDE + left + ox] = (byte) Math.round(value);
            }
        }
        return pixels;
    }

    /**
     * The mean of the source pixels under a rectangle, each weighted by how much of it the
     * rectangle covers: area averaging, computed here on the luminance values directly, because
     * Java2D's scaling of grey images goes through colour-space conversions.
     */
    private static double areaAverage(
            double[] source, int w, int h, double x0, double x1, double y0, double y1) {
        double sum = 0;
        double area = 0;
        for (int y = (int) y0; y < Math.min(h, Math.ceil(y1)); y++) {
            double wy = Math.min(y + 1, y1) - Math.max(y, y0);
            for (int x = (int) x0; x < Math.min(w, Math.ceil(x1)); x++) {
                double wx = Math.min(x + 1, x1) - Math.max(x, x0);
                sum += source[y * w + x] * wx * wy;
                area += wx * wy;
            }
        }
        return sum / area;
    }
}
