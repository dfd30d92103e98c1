package io.github.nin4j.data;

import io.github.nin4j.base.Checksums;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.data.FolderLayout.Example;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * A folder of one's own images as an {@link ImageDataset}, read into memory by {@link
 * Builder#build()}.
 *
 * <p>Layout: one sub-folder per class, named after it; the class names are those names sorted, and
 * label {@code i} is the {@code i}-th. A class's images are its files, at any depth, whose names
 * end in {@code .png}, {@code .jpg} or {@code .jpeg} in any case; other files, and files and
 * folders whose names start with a dot, are ignored. If the root has a {@code test/} sub-folder, it
 * holds the held-out images in the same class sub-folders, and the training images are in {@code
 * train/}. Otherwise each class's files are ranked by a pseudo-random number drawn from the seed
 * and the file's path, and the first {@code round(n × fraction)} of its {@code n} are held out (at
 * least one, and at most {@code n - 1}; a class of one image is all training): a seed always
 * selects the same files, and adding a file changes no other file's rank.
 *
 * <p>Conversion, as {@link PhotoConverter} does without its negation: transparent pixels are laid
 * on white; for one channel, colour becomes luminance (ITU-R BT.601: 0.299 R + 0.587 G + 0.114 B),
 * for three, red, green and blue are kept, and a grey file's stored values are used as they are;
 * the longer side is scaled to the stored side by area averaging, keeping the aspect ratio, and the
 * image is centred on a black square. A split's images are in class order, each class's in path
 * order.
 *
 * <p>Provenance: {@code content_sha256} is one SHA-256, of the UTF-8 text that lists every image
 * file read, one line {@code <SHA-256 of the file> <path relative to the root, '/'-separated>\n}
 * each, sorted by path: what {@code sha256sum} prints for those paths in that order.
 */
public final class ImageFolder implements ImageDataset {

    /** The {@code origin} of a folder's provenance. */
    public static final String ORIGIN = "image folder";

    private final String description;
    private final int channels;
    private final int side;
    private final List<String> classNames;
    private final ImageSet train;
    private final ImageSet test;
    private final Map<String, Object> provenance;

    private ImageFolder(Builder builder, FolderLayout layout, Sets sets) {
        channels = builder.channels;
        side = builder.side;
        classNames = layout.classNames();
        train = sets.train;
        test = sets.test;
        String heldOut =
                layout.testFolder()
                        ? "test images from test/"
                        : String.format(
                                Locale.ROOT,
                                "%s of each class held out (seed %d)",
                                builder.testFraction,
                                builder.seed);
        description =
                String.format(
                        Locale.ROOT,
                        "image folder %s: %d classes, %s %dx%d, %s",
                        builder.root,
                        classNames.size(),
                        channels == 1 ? "grayscale" : "RGB",
                        side,
                        side,
                        heldOut);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("origin", ORIGIN);
        map.put("directory", builder.root.toAbsolutePath().normalize().toString());
        map.put("train_examples", train.size());
        map.put("test_examples", test.size());
        map.put("content_sha256", sets.contentSha256);
        map.put("classes", classNames);
        map.put("channels", channels);
        map.put("side", side);
        map.put("held_out", layout.testFolder() ? "test folder" : "fraction");
        if (!layout.testFolder()) {
            map.put("test_fraction", builder.testFraction);
            map.put("seed", builder.seed);
        }
        provenance = Collections.unmodifiableMap(map);
    }

    /**
     * Starts a builder.
     *
     * @return a builder; {@link Builder#setRoot} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@inheritDoc}
     *
     * @return for example {@code "image folder /x: 3 classes, RGB 32x32, test images from test/"}
     */
    @Override
    public String description() {
        return description;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int height() {
        return side;
    }

    @Override
    public int width() {
        return side;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public ImageSet train() {
        return train;
    }

    @Override
    public ImageSet test() {
        return test;
    }

    /**
     * {@inheritDoc} Here {@code content_sha256} is one string (see the class comment); {@code
     * classes}, {@code channels}, {@code side} and {@code held_out} ({@code "test folder"} or
     * {@code "fraction"}, then with {@code test_fraction} and {@code seed}) follow.
     */
    @Override
    public Map<String, Object> provenance() {
        return provenance;
    }

    /** Both splits read, and the checksum of their files. */
    private record Sets(ImageSet train, ImageSet test, String contentSha256) {}

    /**
     * How a folder was read, as its {@link #provenance()} records it: enough to read it again the
     * same way, or to convert another image as its images were.
     *
     * @param root the folder
     * @param channels 1 for grayscale, 3 for RGB
     * @param side the stored square side
     * @param testFraction the share of each class held out, or null when a test/ folder was
     * @param seed the seed of that held-out share, or null when a test/ folder was
     */
    public record Recorded(Path root, int channels, int side, Double testFraction, Long seed) {

        /**
         * Reads the record back from a provenance map.
         *
         * @param provenance a data set's provenance, e.g. from a run's manifest
         * @return the record, or empty when the data was not an image folder
         */
        public static Optional<Recorded> of(Map<String, Object> provenance) {
            if (!ORIGIN.equals(provenance.get("origin"))) {
                return Optional.empty();
            }
            boolean fraction = provenance.get("test_fraction") instanceof Number;
            return Optional.of(
                    new Recorded(
                            Path.of(String.valueOf(provenance.get("directory"))),
                            ((Number) provenance.get("channels")).intValue(),
                            ((Number) provenance.get("side")).intValue(),
                            fraction
                                    ? ((Number) provenance.get("test_fraction")).doubleValue()
                                    : null,
                            fraction ? ((Number) provenance.get("seed")).longValue() : null));
        }

        /**
         * Reads the folder again, as it was read.
         *
         * @return the folder
         */
        public ImageFolder read() {
            Builder folder = builder().setRoot(root).optChannels(channels).optSide(side);
            if (testFraction != null) {
                folder.optTestFraction(testFraction).optSeed(seed);
            }
            return folder.build();
        }
    }

    /**
     * Reads one image file and converts it as a folder's images are (see the class comment): for
     * predicting with a network trained on a folder.
     *
     * @param file a PNG or JPEG file
     * @param channels 1 for grayscale, 3 for RGB
     * @param side the stored square side
     * @return channels × side × side bytes, channel-major
     * @throws InvalidInputException when the file cannot be read or decoded
     */
    public static byte[] convert(Path file, int channels, int side) {
        return convert(file, readFile(file), channels, side);
    }

    private static byte[] convert(Path file, byte[] content, int channels, int side) {
        return convert(decode(file, content), channels, side);
    }

    /**
     * Converts a decoded image as a folder's images are (see the class comment): for predicting
     * with a network trained on a folder, e.g. through a DJL {@code Translator}.
     *
     * @param image any image
     * @param channels 1 for grayscale, 3 for RGB
     * @param side the stored square side
     * @return channels × side × side bytes, channel-major
     */
    public static byte[] convert(BufferedImage image, int channels, int side) {
        return ImagePixels.fitSquare(
                ImagePixels.planes(image, channels), image.getWidth(), image.getHeight(), side);
    }

    private static byte[] readFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static BufferedImage decode(Path file, byte[] content) {
        String remedy = "; replace it with an intact copy or remove it";
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(content));
        } catch (IOException | RuntimeException e) {
            // Decoders throw unchecked exceptions, too, on some malformed files.
            throw new InvalidInputException(
                    file + " cannot be decoded (" + PhotoConverter.words(e) + ")" + remedy, e);
        }
        if (image == null) {
            throw new InvalidInputException(
                    file + " is not a PNG or JPEG image Java can decode" + remedy);
        }
        return image;
    }

    /** Builds an {@link ImageFolder}, reading every image. */
    public static final class Builder {
        private Path root;
        private int channels = 1;
        private int side = PhotoConverter.SIDE;
        private double testFraction = 0.2;
        private long seed;

        private Builder() {}

        /**
         * Sets the folder that holds one sub-folder per class, or {@code train/} and {@code test/}
         * with one each (required).
         *
         * @param root the folder
         * @return this builder
         */
        public Builder setRoot(Path root) {
            this.root = root;
            return this;
        }

        /**
         * Sets the channels the images are stored with (default 1, grey like Fashion-MNIST).
         *
         * @param channels 1 for grey, 3 for red, green and blue
         * @return this builder
         */
        public Builder optChannels(int channels) {
            this.channels = channels;
            return this;
        }

        /**
         * Sets the side of the square the images are stored in (default 28, as Fashion-MNIST's);
         * training resizes them again.
         *
         * @param side in pixels, at least 1
         * @return this builder
         */
        public Builder optSide(int side) {
            this.side = side;
            return this;
        }

        /**
         * Sets the fraction of each class held out for testing when the root has no {@code test/}
         * folder (default 0.2).
         *
         * @param testFraction above 0 and below 1
         * @return this builder
         */
        public Builder optTestFraction(double testFraction) {
            this.testFraction = testFraction;
            return this;
        }

        /**
         * Sets the seed that chooses the held-out images when the root has no {@code test/} folder
         * (default 0).
         *
         * @param seed any value
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Finds, reads and converts every image.
         *
         * @return the data set
         * @throws IllegalArgumentException if the root is not set
         * @throws InvalidInputException naming the folder or file and the problem: a value out of
         *     range, no such folder, fewer than two classes, a class without images, {@code test/}
         *     classes that differ from {@code train/}'s, an image that cannot be decoded
         */
        public ImageFolder build() {
            if (root == null) {
                throw new IllegalArgumentException("setRoot is required");
            }
            if (channels != 1 && channels != 3) {
                throw new InvalidInputException(
                        "channels must be 1 (grayscale) or 3 (RGB), got " + channels);
            }
            if (side < 1) {
                throw new InvalidInputException("side must be at least 1 pixel, got " + side);
            }
            if (!(testFraction > 0 && testFraction < 1)) {
                throw new InvalidInputException(
                        "test fraction must be above 0 and below 1, got " + testFraction);
            }
            FolderLayout layout = FolderLayout.of(root, testFraction, seed);
            return new ImageFolder(this, layout, read(layout));
        }

        /** Reads, checks and converts every image, and sums up their checksums. */
        private Sets read(FolderLayout layout) {
            long total = (long) layout.train().size() + layout.test().size();
            long perImage = (long) channels * side * side;
            if (total * perImage > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException(
                        String.format(
                                Locale.ROOT,
                                "%s has %,d images, which at %,d bytes each (%d channels of"
                                        + " %dx%d) are more than one Java array holds; store them"
                                        + " at a smaller side",
                                root,
                                total,
                                perImage,
                                channels,
                                side,
                                side));
            }
            Map<String, String> checksums = new TreeMap<>();
            int classes = layout.classNames().size();
            ImageSet train = readSplit(layout.train(), classes, checksums);
            ImageSet test = readSplit(layout.test(), classes, checksums);
            StringBuilder listing = new StringBuilder();
            checksums.forEach(
                    (path, sha) -> listing.append(sha).append("  ").append(path).append('\n'));
            return new Sets(
                    train,
                    test,
                    Checksums.sha256(listing.toString().getBytes(StandardCharsets.UTF_8)));
        }

        private ImageSet readSplit(
                List<Example> examples, int classes, Map<String, String> checksums) {
            int perImage = channels * side * side;
            byte[] pixels = new byte[examples.size() * perImage];
            int[] labels = new int[examples.size()];
            for (int i = 0; i < examples.size(); i++) {
                Example example = examples.get(i);
                byte[] content = readFile(example.file());
                checksums.put(example.relative(), Checksums.sha256(content));
                byte[] converted = convert(example.file(), content, channels, side);
                System.arraycopy(converted, 0, pixels, i * perImage, perImage);
                labels[i] = example.label();
            }
            return ImageSet.wrap(pixels, labels, channels, side, side, classes);
        }
    }
}
