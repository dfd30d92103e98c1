package io.github.nin4j.data;

import io.github.nin4j.base.InvalidInputException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * One split of an image data set, held as bytes: {@code size × channels × height × width} values,
 * image after image, each image channel after channel (the NCHW order batches have) and each
 * channel row-major, one unsigned byte per value (0 dark to 255 bright); and one label per image,
 * from 0 to {@code classes - 1}. Sixty thousand 28×28 grey images take 47 MB this way; anything
 * larger (resized, floating-point) is made per batch by {@link BatchLoader} and never for the whole
 * split. Immutable.
 */
public final class ImageSet {

    private final PixelStore pixels;
    private final long[] slots;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final int classes;
    private final int size;

    private ImageSet(
            PixelStore pixels,
            long[] slots,
            int[] labels,
            int channels,
            int height,
            int width,
            int classes,
            int size) {
        this.pixels = pixels;
        this.slots = slots;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classes = classes;
        this.size = size;
    }

    /**
     * A one-channel image set with Fashion-MNIST's ten classes, over copies of the given arrays.
     *
     * @param pixels {@code labels.length × height × width} bytes, image after image, row-major
     * @param labels one label per image, each 0 to 9
     * @param height image height in pixels, at least 1
     * @param width image width in pixels, at least 1
     * @return the image set
     * @throws IllegalArgumentException if the lengths disagree or a label is outside 0 to 9
     */
    public static ImageSet of(byte[] pixels, byte[] labels, int height, int width) {
        return wrap(pixels.clone(), labels, height, width);
    }

    /**
     * Starts a builder, for images of any number of channels and labels of any number of classes.
     *
     * @return a builder; {@link Builder#setPixels}, {@link Builder#setLabels} and {@link
     *     Builder#setShape} are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /** As {@link #of} without copying the pixels: for an array that nothing else holds. */
    static ImageSet wrap(byte[] pixels, byte[] labels, int height, int width) {
        int[] wide = IntStream.range(0, labels.length).map(i -> labels[i]).toArray();
        return wrap(pixels, wide, 1, height, width, FashionMnistClass.count());
    }

    /**
     * An image set over the given arrays, not copied: for arrays that nothing else holds.
     *
     * @throws IllegalArgumentException if a size is below 1, the lengths disagree or a label is
     *     outside 0 to {@code classes - 1}
     */
    static ImageSet wrap(
            byte[] pixels, int[] labels, int channels, int height, int width, int classes) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "image size must be positive, got %s channels of %sx%s"
                            .formatted(channels, height, width));
        }
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be at least 1, got " + classes);
        }
        long perImage = (long) channels * height * width;
        if (labels.length * perImage != pixels.length) {
            throw new IllegalArgumentException(
                    "%s labels need %s bytes of %s%sx%s pixels, got %s"
                            .formatted(
                                    labels.length,
                                    labels.length * perImage,
                                    channels == 1 ? "" : channels + "x",
                                    height,
                                    width,
                                    pixels.length));
        }
        checkLabels(labels, classes);
        return new ImageSet(
                PixelStore.of(pixels, (int) perImage),
                null,
                labels,
                channels,
                height,
                width,
                classes,
                labels.length);
    }

    /** A set over a store's images: image {@code i} is the store's slot {@code slots[i]}. */
    static ImageSet over(
            PixelStore pixels, long[] slots, int[] labels, int channels, int side, int classes) {
        if (slots.length != labels.length) {
            throw new IllegalArgumentException(
                    slots.length + " slots for " + labels.length + " labels");
        }
        checkLabels(labels, classes);
        return new ImageSet(pixels, slots, labels, channels, side, side, classes, labels.length);
    }

    /**
     * The number of images.
     *
     * @return at least 0
     */
    public int size() {
        return size;
    }

    /**
     * The number of channels of every image.
     *
     * @return 1 for grey images (Fashion-MNIST), 3 for red, green and blue
     */
    public int channels() {
        return channels;
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
     * The number of classes: every label is below it.
     *
     * @return at least 1, 10 for Fashion-MNIST
     */
    public int classes() {
        return classes;
    }

    /**
     * The label of image {@code i}.
     *
     * @param i the image's index
     * @return its label, 0 to {@code classes() - 1}
     */
    public int label(int i) {
        return labels[checkIndex(i)];
    }

    /**
     * A copy of image {@code i}'s pixels.
     *
     * @param i the image's index
     * @return {@code channels × height × width} unsigned bytes, channel after channel, each
     *     row-major
     */
    public byte[] image(int i) {
        byte[] image = new byte[perImage()];
        copy(i, image);
        return image;
    }

    /** Copies image {@code i}'s pixels into a buffer, for a pass over many images. */
    void copy(int i, byte[] destination) {
        pixels.read(slot(checkIndex(i)), destination);
    }

    /**
     * Image i as one grey plane, for a picture: its only channel, or the mean of its channels.
     *
     * @param i the index
     * @return height × width bytes
     */
    public byte[] greyImage(int i) {
        byte[] image = image(i);
        if (channels == 1) {
            return image;
        }
        int plane = height * width;
        byte[] grey = new byte[plane];
        for (int p = 0; p < plane; p++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += image[c * plane + p] & 0xff;
            }
            grey[p] = (byte) (sum / channels);
        }
        return grey;
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
        return n >= size
                ? this
                : new ImageSet(pixels, slots, labels, channels, height, width, classes, n);
    }

    /**
     * How many images each class has.
     *
     * @return {@link #classes()} counts, indexed by label
     */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int i = 0; i < size; i++) {
            counts[labels[i]]++;
        }
        return counts;
    }

    /**
     * Writes image {@code i}'s pixels as floats in [0, 1] (byte value / 255), in {@link #image}'s
     * order, at the destination's position, through {@code scratch} (at least {@link #perImage}).
     */
    void copyScaled(int i, FloatBuffer destination, byte[] scratch) {
        copy(i, scratch);
        for (int k = 0, n = perImage(); k < n; k++) {
            destination.put((scratch[k] & 0xFF) / 255f);
        }
    }

    /** The values of one image: {@code channels × height × width}. */
    int perImage() {
        return channels * height * width;
    }

    private static void checkLabels(int[] labels, int classes) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(
                        "label " + labels[i] + " of image " + i + " is outside 0-" + (classes - 1));
            }
        }
    }

    private long slot(int i) {
        return slots == null ? i : slots[i];
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("image " + i + " of " + size);
        }
        return i;
    }

    /** Builds an {@link ImageSet} over copies of the given arrays. */
    public static final class Builder {
        private byte[] pixels;
        private int[] labels;
        private int channels;
        private int height;
        private int width;
        private boolean shaped;
        private Integer classes;

        private Builder() {}

        /**
         * Sets the pixels (required).
         *
         * @param pixels {@code labels × channels × height × width} unsigned bytes, image after
         *     image, channel after channel, each channel row-major
         * @return this builder
         */
        public Builder setPixels(byte[] pixels) {
            this.pixels = pixels;
            return this;
        }

        /**
         * Sets the labels (required).
         *
         * @param labels one per image, each 0 to the number of classes less one
         * @return this builder
         */
        public Builder setLabels(int[] labels) {
            this.labels = labels;
            return this;
        }

        /**
         * Sets the size of every image (required).
         *
         * @param channels 1 for grey, 3 for red, green and blue; at least 1
         * @param height in pixels, at least 1
         * @param width in pixels, at least 1
         * @return this builder
         */
        public Builder setShape(int channels, int height, int width) {
            this.channels = channels;
            this.height = height;
            this.width = width;
            shaped = true;
            return this;
        }

        /**
         * Sets the number of classes (default: the largest label plus one, at least 1), for a set
         * in which the last classes have no images.
         *
         * @param classes at least 1, above every label
         * @return this builder
         */
        public Builder optClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /**
         * Builds the image set.
         *
         * @return the image set, over copies of the arrays
         * @throws IllegalArgumentException if a required value is missing, a size is below 1, the
         *     lengths disagree or a label is outside the classes
         */
        public ImageSet build() {
            if (pixels == null) {
                throw new IllegalArgumentException("setPixels is required");
            }
            if (labels == null) {
                throw new IllegalArgumentException("setLabels is required");
            }
            if (!shaped) {
                throw new IllegalArgumentException("setShape is required");
            }
            int byLabels = Math.max(1, Arrays.stream(labels).map(l -> l + 1).max().orElse(1));
            int count = classes != null ? classes : byLabels;
            return wrap(pixels.clone(), labels.clone(), channels, height, width, count);
        }
    }
}
