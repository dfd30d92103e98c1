package io.github.nin4j.data;

import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns an arbitrary photo (PNG or JPEG, any size or colour) into a 28×28 grayscale image the way
 * Fashion-MNIST's were made (Xiao et al. 2017, section 2): the item light on a black background,
 * its longer side scaled to 28 pixels and the image centred on a black square.
 *
 * <p>Steps: transparent pixels are laid on white; colour becomes luminance (ITU-R BT.601: 0.299 R +
 * 0.587 G + 0.114 B), and a grey image keeps its stored values; if the border is brighter than
 * mid-grey, the picture is taken to be a dark item on a light background, like most product photos,
 * and is negated; the longer side is scaled to 28 by area averaging; the result is centred on
 * black. {@link ImageFolder} converts the same way, without the negation.
 */
public final class PhotoConverter {

    /** The side of a Fashion-MNIST image. */
    public static final int SIDE = 28;

    /**
     * Reads an image file as {@link ImageDecoder} decodes it (large images subsampled, a JPEG
     * turned upright), for {@link #convert(BufferedImage)} or for a caller that hands the image on,
     * e.g. to a DJL {@code Predictor}.
     *
     * @param file a PNG or JPEG file
     * @return the decoded image
     * @throws InvalidInputException if the file is missing, not a readable image, damaged, or has
     *     more than {@link ImageDecoder#MAX_PIXELS} pixels
     */
    public static BufferedImage read(Path file) {
        BufferedImage image = null;
        if (Files.isRegularFile(file)) {
            try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
                image = ImageDecoder.decode(in, file, SIDE);
            } catch (IOException | RuntimeException e) {
                if (e instanceof InvalidInputException invalid) {
                    throw invalid;
                }
                // Decoders throw unchecked exceptions, too, on some malformed files.
                throw new InvalidInputException(
                        "cannot read image " + file + ": " + Reasons.of(e), e);
            }
        }
        if (image == null) {
            throw new InvalidInputException(
                    Files.isRegularFile(file)
                            ? "image " + file + " is not a PNG or JPEG file Java can decode"
                            : "image " + file + " does not exist");
        }
        return image;
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
        double[] luminance = ImagePixels.planes(image, 1)[0];
        double borderSum = 0;
        int borderCount = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
                    borderSum += luminance[y * w + x];
                    borderCount++;
                }
            }
        }
        if (borderSum / borderCount > 127.5) {
            for (int i = 0; i < luminance.length; i++) {
                luminance[i] = 255 - luminance[i];
            }
        }
        return ImagePixels.fitSquare(new double[][] {luminance}, w, h, SIDE);
    }
}
