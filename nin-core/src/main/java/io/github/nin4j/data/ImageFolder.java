package io.github.nin4j.data;

import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.data.FolderLayout.Example;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A folder of one's own images as an {@link ImageDataset}, read by {@link Builder#build()} into
 * memory or through an {@link ImageCache} on disk. Which files are which class is {@link
 * FolderLayout}'s; what identifies them, {@link FolderContent}'s; how a file becomes stored bytes,
 * {@link FolderConversion}'s.
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
 * <p>Conversion is {@link PhotoConverter}'s without its negation, and with three channels keeps
 * red, green and blue: transparent pixels laid on white, the longer side scaled to the stored side
 * by area averaging, the image centred on a black square. A split's images are in class order, each
 * class's in path order. Images are decoded as {@link ImageDecoder} decodes them: large ones
 * subsampled, huge ones refused, a JPEG turned upright as its EXIF orientation says, a damaged one
 * refused.
 *
 * <p>Bad images stop the build; none is skipped. An image that cannot be read, cannot be decoded or
 * is too large is an {@link InvalidInputException}, and the folder's other images are still read so
 * that the one message names every bad file (the first with its problem, then how many more and the
 * first few names). Skipping them would silently change a class's size and the held-out split, and
 * {@code nin evaluate} and {@code nin predict} read the folder again and must find the very images
 * training used; a user fixes the folder once, with every file to remove or replace named.
 *
 * <p>Unusual files (docs/notes/bad-images.md): a 16-bit PNG's values are scaled to 8 bits, {@code
 * value / 257} rounded to the nearest; palette and alpha PNGs are laid on white like any
 * transparency; a grey file in a colour folder becomes R = G = B. A file changed or removed after
 * an {@link ImageCache} entry was built changes the folder's content SHA-256, so it is read through
 * a new entry, never the stale one.
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
        channels = sets.channels;
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
                        "image folder %s: %d classes, %s %dx%d%s, %s",
                        builder.root,
                        classNames.size(),
                        channels == 1 ? "grayscale" : "RGB",
                        side,
                        side,
                        sets.channelsFromFiles
                                ? channels == 1
                                        ? " (every file is grey)"
                                        : " (the files are in colour)"
                                : "",
                        heldOut);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("origin", ORIGIN);
        map.put("directory", builder.root.toAbsolutePath().normalize().toString());
        map.put("train_examples", train.size());
        map.put("test_examples", test.size());
        map.put("content_sha256", sets.contentSha256);
        map.put("classes", classNames);
        map.put("channels", channels);
        map.put("channels_from", sets.channelsFromFiles ? "files" : "setting");
        map.put("side", side);
        map.put("held_out", layout.testFolder() ? "test folder" : "fraction");
        if (!layout.testFolder()) {
            map.put("test_fraction", builder.testFraction);
            map.put("seed", builder.seed);
        }
        map.put(Preprocessing.NORMALISATION, Preprocessing.normalisationOf(train));
        map.put(Preprocessing.AUGMENT, builder.augment);
        if (sets.cache != null) {
            map.put("cache", sets.cache);
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

    /** Both splits, their files' checksum, channels, and cache entry (or null). */
    private record Sets(
            ImageSet train,
            ImageSet test,
            String contentSha256,
            int channels,
            boolean channelsFromFiles,
            Map<String, Object> cache) {}

    /** Hears how far the conversion of a folder's images has gone. */
    @FunctionalInterface
    public interface Progress {
        /**
         * One more image converted; called from the converting threads.
         *
         * @param done images converted so far
         * @param total images to convert
         */
        void converted(int done, int total);
    }

    /**
     * How a folder was read, as its {@link #provenance()} records it: enough to read it again the
     * same way, or to convert another image as its images were.
     *
     * @param root the folder
     * @param channels 1 for grayscale, 3 for RGB
     * @param side the stored square side
     * @param testFraction the share of each class held out, or null when a test/ folder was
     * @param seed the seed of that held-out share, or null when a test/ folder was
     * @param augment whether training batches were augmented
     * @param cacheDirectory the directory of the image cache the folder was read through, or null
     *     when it was read into memory
     */
    public record Recorded(
            Path root,
            int channels,
            int side,
            Double testFraction,
            Long seed,
            boolean augment,
            Path cacheDirectory) {

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
                            fraction ? ((Number) provenance.get("seed")).longValue() : null,
                            Boolean.TRUE.equals(provenance.get(Preprocessing.AUGMENT)),
                            cacheDirectoryOf(provenance.get("cache"))));
        }

        /** The directory of the cache entry's pixel file, as {@link ImageCache#describe} has it. */
        private static Path cacheDirectoryOf(Object cache) {
            if (cache instanceof Map<?, ?> entry && entry.get("file") instanceof String file) {
                return Path.of(file).toAbsolutePath().getParent();
            }
            return null;
        }

        /**
         * Reads the folder again, as it was read.
         *
         * @return the folder
         */
        public ImageFolder read() {
            return read(null, (done, total) -> {});
        }

        /**
         * Reads the folder again, as it was read, through an image cache.
         *
         * @param cacheDirectory the cache's directory, or null for none
         * @param progress what hears how far a conversion has gone
         * @return the folder
         */
        public ImageFolder read(Path cacheDirectory, Progress progress) {
            Builder folder =
                    builder()
                            .setRoot(root)
                            .optChannels(channels)
                            .optSide(side)
                            .optCacheDirectory(cacheDirectory)
                            .optAugment(augment)
                            .optProgress(progress);
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
        return FolderConversion.convert(file, channels, side);
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
        return FolderConversion.convert(image, channels, side);
    }

    /** Builds an {@link ImageFolder}, reading every image. */
    public static final class Builder {
        private Path root;
        private Integer channels;
        private int side = PhotoConverter.SIDE;
        private Path cacheDirectory;
        private boolean augment;
        private Progress progress = (done, total) -> {};
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
         * Sets the channels the images are stored with (default: 3, red, green and blue, when any
         * file's header says it is in colour, else 1, grey).
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
         * Keeps the converted images in a cache on disk, read from there rather than held in
         * memory, and built only when the folder's content or the conversion changes (default:
         * none, every image converted into memory on each build).
         *
         * @param cacheDirectory where the cache's entries are, created when needed
         * @return this builder
         */
        public Builder optCacheDirectory(Path cacheDirectory) {
            this.cacheDirectory = cacheDirectory;
            return this;
        }

        /**
         * Sets whether training batches are cropped and flipped at random, as torchvision's {@code
         * RandomResizedCrop} and {@code RandomHorizontalFlip} do (default: off, the seed's recipe
         * has no augmentation); see {@link Preprocessing}.
         *
         * @param augment true to augment
         * @return this builder
         */
        public Builder optAugment(boolean augment) {
            this.augment = augment;
            return this;
        }

        /**
         * Sets what hears how far the conversion has gone (default: nothing).
         *
         * @param progress called after each image converted, from the converting threads
         * @return this builder
         */
        public Builder optProgress(Progress progress) {
            this.progress = progress;
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
            if (channels != null && channels != 1 && channels != 3) {
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
            List<Example> all = new ArrayList<>(layout.train());
            all.addAll(layout.test());
            // Slots in path order, the order of the content listing: the same files are the
            // same slots whichever split holds them.
            Integer[] byPath = new Integer[all.size()];
            Arrays.setAll(byPath, i -> i);
            Arrays.sort(byPath, Comparator.comparing(i -> all.get(i).relative()));
            List<Example> bySlot = new ArrayList<>(all.size());
            long[] slotOf = new long[all.size()];
            for (int slot = 0; slot < byPath.length; slot++) {
                bySlot.add(all.get(byPath[slot]));
                slotOf[byPath[slot]] = slot;
            }
            FolderContent content = FolderContent.of(bySlot, channels == null);
            String contentSha256 = content.sha256();
            int resolved = channels != null ? channels : content.anyColour() ? 3 : 1;
            int perImage = resolved * side * side;
            ImageCache.Filler filler =
                    sink -> FolderConversion.convertAll(bySlot, resolved, side, progress, sink);
            PixelStore pixels;
            Map<String, Object> cache = null;
            if (cacheDirectory == null) {
                checkFitsAnArray(bySlot.size(), resolved);
                byte[] array = new byte[bySlot.size() * perImage];
                filler.fill(
                        (slot, image) ->
                                System.arraycopy(image, 0, array, (int) slot * perImage, perImage));
                pixels = PixelStore.of(array, perImage);
            } else {
                ImageCache entry =
                        new ImageCache(
                                cacheDirectory,
                                contentSha256,
                                bySlot.stream().map(Example::relative).toList(),
                                resolved,
                                side);
                pixels = entry.open(filler);
                cache = entry.describe();
            }
            int classes = layout.classNames().size();
            int trainSize = layout.train().size();
            return new Sets(
                    split(layout.train(), slotOf, 0, pixels, resolved, classes),
                    split(layout.test(), slotOf, trainSize, pixels, resolved, classes),
                    contentSha256,
                    resolved,
                    channels == null,
                    cache);
        }

        /** A split's images, the {@code from}-th onwards of the slots' list. */
        private ImageSet split(
                List<Example> examples,
                long[] slotOf,
                int from,
                PixelStore pixels,
                int resolved,
                int classes) {
            long[] slots = Arrays.copyOfRange(slotOf, from, from + examples.size());
            int[] labels = examples.stream().mapToInt(Example::label).toArray();
            return ImageSet.over(pixels, slots, labels, resolved, side, classes);
        }

        private void checkFitsAnArray(long total, int resolved) {
            long perImage = (long) resolved * side * side;
            if (total * perImage > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException(
                        String.format(
                                Locale.ROOT,
                                "%s has %,d images, which at %,d bytes each (%d channels of"
                                        + " %dx%d) are more than one Java array holds; keep them"
                                        + " in an image cache on disk, or store them at a smaller"
                                        + " side",
                                root,
                                total,
                                perImage,
                                resolved,
                                side,
                                side));
            }
        }
    }
}
