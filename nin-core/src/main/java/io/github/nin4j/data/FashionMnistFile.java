package io.github.nin4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The four standard Fashion-MNIST files, with the SHA-256 of each one's IDX content (after
 * decompression). The content is what is checked, not the {@code .gz}: mirrors recompress, and the
 * Debian package's {@code .gz} files differ from upstream's while their content is the same.
 */
public enum FashionMnistFile {
    /** The 60,000 training images. */
    TRAIN_IMAGES(
            "train-images-idx3-ubyte",
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
    /** The 60,000 training labels. */
    TRAIN_LABELS(
            "train-labels-idx1-ubyte",
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
    /** The 10,000 test images. */
    TEST_IMAGES(
            "t10k-images-idx3-ubyte",
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
    /** The 10,000 test labels. */
    TEST_LABELS(
            "t10k-labels-idx1-ubyte",
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    /** The suffix of a gzipped file's name. */
    public static final String GZIP_SUFFIX = ".gz";

    private final String baseName;
    private final String sha256;

    FashionMnistFile(String baseName, String sha256) {
        this.baseName = baseName;
        this.sha256 = sha256;
    }

    /**
     * The file's standard name without {@code .gz}.
     *
     * @return for example {@code train-images-idx3-ubyte}
     */
    public String baseName() {
        return baseName;
    }

    /**
     * The SHA-256 of the real Fashion-MNIST file's decompressed content.
     *
     * @return 64 lower-case hexadecimal digits
     */
    public String sha256() {
        return sha256;
    }

    /**
     * Whether this is an image file (three dimensions) rather than a label file (one).
     *
     * @return true for the two image files
     */
    public boolean images() {
        return this == TRAIN_IMAGES || this == TEST_IMAGES;
    }

    /**
     * This file in {@code directory}, uncompressed or gzipped; the uncompressed one wins when both
     * are there, as it reads faster.
     *
     * @param directory where to look
     * @return the file, or empty when neither form is a regular file there
     */
    public Optional<Path> find(Path directory) {
        Path plain = directory.resolve(baseName);
        if (Files.isRegularFile(plain)) {
            return Optional.of(plain);
        }
        Path gzipped = directory.resolve(baseName + GZIP_SUFFIX);
        return Files.isRegularFile(gzipped) ? Optional.of(gzipped) : Optional.empty();
    }

    /**
     * The files that a directory lacks, gzipped or not.
     *
     * @param directory where to look; one that does not exist lacks all four
     * @return the files neither form of which is there, in order
     */
    public static List<FashionMnistFile> missing(Path directory) {
        return Arrays.stream(values()).filter(f -> f.find(directory).isEmpty()).toList();
    }

    /**
     * The files' names, as a message lists them.
     *
     * @param files which files
     * @param suffix what follows each name, such as {@code "[.gz]"}
     * @return the names, comma-separated
     */
    public static String names(List<FashionMnistFile> files, String suffix) {
        return files.stream().map(f -> f.baseName + suffix).collect(Collectors.joining(", "));
    }
}
