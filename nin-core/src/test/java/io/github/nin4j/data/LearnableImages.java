package io.github.nin4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Generated 28×28 images a small NiN learns in a few hundred steps: an image of class k is
 * uniformly k/9 bright, plus noise. (On real Fashion-MNIST, NiN with the seed's recipe needs many
 * hundreds of steps at 224 pixels to leave chance, too long for a unit test.) The training split is
 * drawn with seed 1 and the test split with seed 2, in memory or as IDX files.
 */
public final class LearnableImages {

    private static final int SIDE = 28;

    private final byte[] pixels;
    private final byte[] labels;

    private LearnableImages(int count, long seed) {
        Random random = new Random(seed);
        pixels = new byte[count * SIDE * SIDE];
        labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(10);
            labels[i] = (byte) label;
            for (int p = 0; p < SIDE * SIDE; p++) {
                // At most 9·25 + 11 = 236: no clipping needed.
                pixels[i * SIDE * SIDE + p] = (byte) (label * 25 + random.nextInt(12));
            }
        }
    }

    /**
     * One split in memory.
     *
     * @param count images
     * @param seed the generator's seed
     * @return the images
     */
    public static ImageSet of(int count, long seed) {
        LearnableImages images = new LearnableImages(count, seed);
        return ImageSet.of(images.pixels, images.labels, SIDE, SIDE);
    }

    /**
     * Both splits in memory.
     *
     * @param train training images
     * @param test test images
     * @return the data set, its source named "generated"
     */
    public static FashionMnist data(int train, int test) {
        return new FashionMnist(
                of(train, 1), of(test, 2), DataSource.of(Path.of("generated"), "generated"));
    }

    /**
     * Both splits as Fashion-MNIST's four gzipped IDX files, for the command line's {@code --data}.
     *
     * @param directory created when missing
     * @param train training images
     * @param test test images
     * @return the directory
     */
    public static Path writeTo(Path directory, int train, int test) throws IOException {
        Files.createDirectories(directory);
        write(directory, FashionMnistFile.TRAIN_IMAGES, FashionMnistFile.TRAIN_LABELS, train, 1);
        write(directory, FashionMnistFile.TEST_IMAGES, FashionMnistFile.TEST_LABELS, test, 2);
        return directory;
    }

    private static void write(
            Path directory,
            FashionMnistFile imageFile,
            FashionMnistFile labelFile,
            int count,
            long seed)
            throws IOException {
        LearnableImages images = new LearnableImages(count, seed);
        Files.write(
                gzipped(directory, imageFile),
                SmallFashionMnist.gzip(
                        SmallFashionMnist.concat(
                                SmallFashionMnist.header(0x08, count, SIDE, SIDE), images.pixels)));
        Files.write(
                gzipped(directory, labelFile),
                SmallFashionMnist.gzip(
                        SmallFashionMnist.concat(
                                SmallFashionMnist.header(0x08, count), images.labels)));
    }

    private static Path gzipped(Path directory, FashionMnistFile file) {
        return directory.resolve(file.baseName() + FashionMnistFile.GZIP_SUFFIX);
    }
}
