package io.github.nin4j.data;

import io.github.nin4j.InvalidInputException;
import java.util.Arrays;

/**
 * One split of a grey-scale image data set, held as bytes: {@code size × height × width} pixels,
 * row-major, one unsigned byte each (0 black to 255 white), and one label (0 to 9) per image. Sixty
 * thousand 28×28 images take 47 MB this way; anything larger (resized, floating-point) is made per
 * batch by {@link BatchLoader} and never for the whole split. Immutable.
 */
public final class ImageSet {

    private final byte[] pixels;
    private final byte[] labels;
    private final int height;
    private final int width;
    private final int size;

    private ImageSet(byte[] pixels, byte[] labels, int height, int width, int size) {
        this.pixels = pixels;
        this.labels = labels;
        this.height = height;
        this.width = width;
        this.size = size;
    }

    /**
     * An image set over copies of the given arrays.
     *
     * @param pixels {@code labels.length × height × width} bytes, image after image, row-major
     * @param labels one label per image, each 0 to 9
     * @param height image height in pixels, at least 1
     * @param width image width in pixels, at least 1
     * @return the image set
     * @throws IllegalArgumentException if the lengths disagree or a label is outside 0 to 9
     */
    public static ImageSet of(byte[] pixels, byte[] labels, int height, int width) {
        return wrap(pixels.clone(), labels.clone(), height, width);
    }

    /** As {@link #of} without copying: for arrays that nothing else holds. */
    static ImageSet wrap(byte[] pixels, byte[] labels, int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "image size must be positive, got " + height + "x" + width);
        }
        if ((long) labels.length * height * width != pixels.length) {
            throw new IllegalArgumentException(
                    labels.length
                            + " labels need "
                            + (long) labels.length * height * width
                            + " bytes of "
                            + height
                            + "x"
                            + width
                            + " pixels, got "
                            + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= FashionMnistClass.count()) {
                throw new IllegalArgumentException(
                        "label " + labels[i] + " of image " + i + " is outside 0-9");
            }
        }
        return new ImageSet(pixels, labels, height, width, labels.length);
    }

    /**
     * The number of images.
     *
     * @return the number of images
     */
    public int size() {
        return size;
    }

    /**
     * The height of every image.
     *
     * @return height in pixels, 28 for Fashion-MNIST
     */
    public int height() {
        return height;
    }

    /**
     * The width of every image.
     *
     * @return width in pixels, 28 for Fashion-MNIST
     */
    public int width() {
        return width;
    }

    /**
     * The label of image {@code i}.
     *
     * @param i the image's index
     * @return its label, 0 to 9
     */
    public int label(int i) {
        return labels[checkIndex(i)];
    }

    /**
     * A copy of image {@code i}'s pixels.
     *
     * @param i the image's index
     * @return {@code height × width} unsigned bytes, row-major
     */
    public byte[] image(int i) {
        int pixelsPerImage = height * width;
        int from = checkIndex(i) * pixelsPerImage;
        return Arrays.copyOfRange(pixels, from, from + pixelsPerImage);
    }

    /**
     * The first {@code n} images, sharing this set's memory.
     *
     * @param n how many images to keep, at least 0
     * @return the first {@code n} images, or all of them when {@code n >= size()}
     * @throws InvalidInputException if {@code n} is negative
     */
    public ImageSet limit(int n) {
        if (n < 0) {
            throw new InvalidInputException("limit must be at least 0, got " + n);
        }
        return n >= size ? this : new ImageSet(pixels, labels, height, width, n);
    }

    /**
     * How many images each class has.
     *
     * @return ten counts, indexed by label
     */
    public int[] classCounts() {
        int[] counts = new int[FashionMnistClass.count()];
        for (int i = 0; i < size; i++) {
            counts[labels[i]]++;
        }
        return counts;
    }

    /**
     * Writes image {@code i}'s pixels as floats in [0, 1] (byte value / 255).
     *
     * @param i the image's index
     * @param destination where to write {@code height × width} values
     * @param offset the first index written in {@code destination}
     */
    void copyScaled(int i, float[] destination, int offset) {
        int pixelsPerImage = height * width;
        int from = checkIndex(i) * pixelsPerImage;
        for (int k = 0; k < pixelsPerImage; k++) {
            destination[offset + k] = (pixels[from + k] & 0xFF) / 255f;
        }
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("image " + i + " of " + size);
        }
        return i;
    }
}
