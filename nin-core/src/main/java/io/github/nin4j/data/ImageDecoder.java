package io.github.nin4j.data;

import io.github.nin4j.base.InvalidInputException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes an image file within a memory budget, for {@link PhotoConverter} and {@link ImageFolder},
 * which shrink every image to a small square anyway.
 *
 * <p>The size is read from the file's header before any pixel is decoded. Then:
 *
 * <ul>
 *   <li>up to {@link #WHOLE_PIXELS} pixels (4096 × 4096, more than most cameras' photos), the image
 *       is decoded whole, exactly as {@code ImageIO.read} decodes it (a JPEG then turned upright,
 *       below);
 *   <li>above that, it is decoded subsampled: every {@code k}-th pixel of every {@code k}-th row
 *       ({@code ImageReadParam.setSourceSubsampling}), with {@code k} the smallest step that brings
 *       it to about {@link #SUBSAMPLED_PIXELS} pixels (2048 × 2048), but never below {@link
 *       #OVERSAMPLING} times the side it is converted to. The decoder streams the file row by row,
 *       so memory is that of the subsampled image. Area averaging then starts from a point sample
 *       of the image rather than all its pixels: an output pixel still averages {@code (2048 /
 *       28)²}, about 5,000, samples of a 2048-pixel image converted to 28, so smooth content comes
 *       out within a grey level or two of a whole decode, while detail finer than the step can
 *       alias;
 *   <li>above {@link #MAX_PIXELS} pixels it is refused in one line naming the file and its size, as
 *       Pillow refuses a decompression bomb: such a file is a few megabytes on disk and gigabytes
 *       decoded, and it is far more often an attack or a mistake than a photo.
 * </ul>
 *
 * <p>A JPEG is then turned upright as its EXIF orientation says ({@link JpegHeader#upright}), as
 * Pillow's {@code ImageOps.exif_transpose} does and as every photo viewer shows it: phones store
 * photos sideways and mark them so. A JPEG whose data ends early or is corrupt is refused in one
 * line naming the file, where Java would decode it without an exception, the rows after a cut grey.
 * A CMYK or YCCK JPEG decodes in the Java 17 builds that have JDK-8274735, and is refused in one
 * line saying to convert it to RGB in those that do not.
 */
public final class ImageDecoder {

    /**
     * The most pixels an image may have: twice Pillow's {@code MAX_IMAGE_PIXELS} (89,478,485), the
     * size above which Pillow raises its {@code DecompressionBombError}.
     */
    public static final long MAX_PIXELS = 2L * 89_478_485;

    /** Images up to this many pixels are decoded whole, as {@code ImageIO.read} decodes them. */
    public static final long WHOLE_PIXELS = 4096L * 4096;

    /** The pixels a larger image is subsampled to, about. */
    public static final long SUBSAMPLED_PIXELS = 2048L * 2048;

    /** A subsampled image's longer side stays at least this many times the converted side. */
    public static final int OVERSAMPLING = 4;

    private ImageDecoder() {}

    /**
     * Decodes the first image of a stream (not closed) within the budget (see the class comment),
     * for conversion to {@code side}; null, as from {@code ImageIO.read}, when no installed reader
     * recognises the format. {@code name} is the file, for messages.
     *
     * @throws InvalidInputException if the image has more than {@link #MAX_PIXELS} pixels, or is a
     *     JPEG that is damaged or in CMYK where Java cannot decode that
     */
    static BufferedImage decode(ImageInputStream in, Object name, int side) throws IOException {
        return decode(in, name, side, WHOLE_PIXELS, SUBSAMPLED_PIXELS);
    }

    /** {@link #decode(ImageInputStream, Object, int)} with the budget given, for tests. */
    static BufferedImage decode(
            ImageInputStream in, Object name, int side, long wholePixels, long subsampledPixels)
            throws IOException {
        if (in == null) {
            return null;
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            return null;
        }
        ImageReader reader = readers.next();
        boolean jpeg = "jpeg".equalsIgnoreCase(reader.getFormatName());
        JpegHeader header = jpeg ? JpegHeader.read(in) : JpegHeader.NONE;
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        try {
            // What ImageIO.read does, with the header read first.
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            long pixels = (long) width * height;
            if (pixels > MAX_PIXELS) {
                throw new InvalidInputException(
                        String.format(
                                Locale.ROOT,
                                "image %s is %,d × %,d pixels (%,d), more than the %,d this program"
                                        + " decodes (Pillow's decompression-bomb limit); scale it"
                                        + " down first",
                                name,
                                width,
                                height,
                                pixels,
                                MAX_PIXELS));
            }
            ImageReadParam param = reader.getDefaultReadParam();
            int step = step(width, height, side, wholePixels, subsampledPixels);
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            BufferedImage image;
            try {
                image = reader.read(0, param);
            } catch (IIOException e) {
                if (header.components() == 4 && "Unsupported Image Type".equals(e.getMessage())) {
                    // Java 17 builds before JDK-8274735 do not decode CMYK or YCCK JPEGs.
                    throw new InvalidInputException(
                            name
                                    + " is a CMYK JPEG, which this Java does not decode; convert"
                                    + " it to RGB, e.g. convert in.jpg -colorspace sRGB out.jpg");
                }
                throw e;
            }
            List<String> damage = jpeg ? damage(warnings) : List.of();
            if (!damage.isEmpty()) {
                throw new InvalidInputException(
                        "%s is damaged (%s); replace it with an intact copy or remove it"
                                .formatted(name, String.join("; ", damage)));
            }
            return header.upright(image);
        } finally {
            reader.dispose();
        }
    }

    /**
     * The warnings of a JPEG's decoder that say the data ended early or is corrupt, so that some of
     * the pixels decoded are made up (grey rows after a cut, garbled blocks after corruption):
     * Java's "Truncated File - Missing EOI marker", libjpeg's "Premature end of JPEG file" and
     * "Corrupt JPEG data: ...". Not among them: "Corrupt JPEG data: N extraneous bytes before
     * marker", junk between segments that changes no pixel, and the metadata Java says it ignored.
     */
    private static List<String> damage(List<String> warnings) {
        return warnings.stream()
                .filter(
                        w ->
                                w.startsWith("Truncated File")
                                        || w.startsWith("Premature end")
                                        || (w.startsWith("Corrupt JPEG data")
                                                && !w.contains("extraneous bytes")))
                .map(w -> w.strip().replaceAll("\\s+", " "))
                .distinct()
                .limit(3)
                .toList();
    }

    /**
     * Whether a file's image is in colour, from its header alone: a palette with a colour that is
     * not grey, or a colour space that is not grey. A grey image with alpha is grey.
     *
     * @param file the image file; only its header is read
     * @return true for colour; false for grey, and for a file no reader recognises (its decoding
     *     reports it)
     */
    static boolean colour(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return false;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
                if (!types.hasNext()) {
                    return false;
                }
                ColorModel model = types.next().getColorModel();
                if (model instanceof IndexColorModel palette) {
                    for (int i = 0; i < palette.getMapSize(); i++) {
                        if (palette.getRed(i) != palette.getGreen(i)
                                || palette.getGreen(i) != palette.getBlue(i)) {
                            return true;
                        }
                    }
                    return false;
                }
                return model.getColorSpace().getType() != ColorSpace.TYPE_GRAY;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The subsampling step for an image: 1 (decode whole) up to {@code wholePixels}, otherwise the
     * smallest step that brings it to {@code subsampledPixels} or fewer, unless that would make its
     * longer side less than {@link #OVERSAMPLING} × {@code side}.
     */
    static int step(int width, int height, int side, long wholePixels, long subsampledPixels) {
        long pixels = (long) width * height;
        if (pixels <= wholePixels) {
            return 1;
        }
        int byBudget = (int) Math.ceil(Math.sqrt((double) pixels / subsampledPixels));
        int bySide = (int) Math.max(1, Math.max(width, height) / ((long) OVERSAMPLING * side));
        return Math.max(1, Math.min(byBudget, bySide));
    }
}
