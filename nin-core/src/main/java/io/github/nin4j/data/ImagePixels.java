package io.github.nin4j.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;

/**
 * The pixel work {@link PhotoConverter} and {@link ImageFolder} share: reading an image's values as
 * grey or as red, green and blue, and fitting them into a black square by area averaging.
 */
final class ImagePixels {

    private ImagePixels() {}

    /**
     * An image's values, plane by plane, each row-major, 0 to 255. Transparent pixels are laid on
     * white; grey is luminance by ITU-R BT.601 (0.299 R + 0.587 G + 0.114 B), as PIL's {@code
     * convert("L")}. A grey image's stored values are taken as they are: Java's {@code getRGB}
     * would treat them as linear light and brighten them (128 becomes 188).
     *
     * @param image any image
     * @param channels 1 for one luminance plane, 3 for red, green and blue planes
     * @return {@code channels} planes of {@code width × height} values
     */
    static double[][] planes(BufferedImage image, int channels) {
        int w = image.getWidth();
        int h = image.getHeight();
        double[][] planes = new double[channels][w * h];
        Raster grey = greyRaster(image);
        ColorModel model = image.getColorModel();
        double greyScale = grey == null ? 0 : 255.0 / maxSample(model, 0);
        boolean greyAlpha = grey != null && model.hasAlpha();
        double alphaScale = greyAlpha ? 1.0 / maxSample(model, 1) : 0;
        // Colour images row by row through getRGB's bulk form: the same conversion as pixel by
        // pixel, without its cost per call.
        int[] row = grey == null ? new int[w] : null;
        for (int y = 0; y < h; y++) {
            if (row != null) {
                image.getRGB(0, y, w, 1, row, 0, w);
            }
            for (int x = 0; x < w; x++) {
                double r;
                double g;
                double b;
                if (grey != null) {
                    double alpha = greyAlpha ? grey.getSample(x, y, 1) * alphaScale : 1;
                    r = grey.getSample(x, y, 0) * greyScale * alpha + 255 * (1 - alpha);
                    g = r;
                    b = r;
                } else {
                    int argb = row[x];
                    double alpha = ((argb >>> 24) & 0xff) / 255.0;
                    r = ((argb >> 16) & 0xff) * alpha + 255 * (1 - alpha);
                    g = ((argb >> 8) & 0xff) * alpha + 255 * (1 - alpha);
                    b = (argb & 0xff) * alpha + 255 * (1 - alpha);
                }
                int i = y * w + x;
                if (channels == 1) {
                    planes[0][i] = 0.299 * r + 0.587 * g + 0.114 * b;
                } else {
                    planes[0][i] = r;
                    planes[1][i] = g;
                    planes[2][i] = b;
                }
            }
        }
        return planes;
    }

    /**
     * Scales planes so that the longer side becomes {@code side}, keeping the aspect ratio, by area
     * averaging, and centres them on a black square.
     *
     * @param planes planes of {@code w × h} values, 0 to 255, row-major
     * @param w their width
     * @param h their height
     * @param side the square's side
     * @return {@code planes.length × side × side} bytes, plane after plane, each row-major
     */
    static byte[] fitSquare(double[][] planes, int w, int h, int side) {
        double scale = (double) side / Math.max(w, h);
        int sw = Math.max(1, (int) Math.round(w * scale));
        int sh = Math.max(1, (int) Math.round(h * scale));
        int left = (side - sw) / 2;
        int top = (side - sh) / 2;
        byte[] pixels = new byte[planes.length * side * side];
        for (int c = 0; c < planes.length; c++) {
            int offset = c * side * side;
            for (int oy = 0; oy < sh; oy++) {
                for (int ox = 0; ox < sw; ox++) {
                    double value =
                            areaAverage(
                                    planes[c],
                                    w,
                                    h,
                                    ox * (double) w / sw,
                                    (ox + 1) * (double) w / sw,
                                    oy * (double) h / sh,
                                    (oy + 1) * (double) h / sh);
                    pixels[offset + (top + oy) * side + left + ox] = (byte) Math.round(value);
                }
            }
        }
        return pixels;
    }

    /** The raster of a grey image (with or without alpha) whose samples to read directly. */
    private static Raster greyRaster(BufferedImage image) {
        ColorModel model = image.getColorModel();
        return model instanceof ComponentColorModel
                        && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                ? image.getRaster()
                : null;
    }

    private static double maxSample(ColorModel model, int band) {
        return (1 << model.getComponentSize(band)) - 1;
    }

    /**
     * The mean of the source values under a rectangle, each weighted by how much of it the
     * rectangle covers: area averaging, computed here on the values directly, because Java2D's
     * scaling of grey images goes through colour-space conversions.
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
