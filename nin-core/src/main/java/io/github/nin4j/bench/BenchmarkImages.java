package io.github.nin4j.bench;

import io.github.nin4j.data.ImageSet;
import java.util.Random;

/**
 * The images a {@link Benchmark} feeds through the batch pipeline, and where they came from. The
 * caller decides (the CLI looks for Fashion-MNIST first); the benchmark only times them.
 *
 * @param images the images, square
 * @param real true for a real data set, false for generated images (recorded as {@code input: real}
 *     or {@code random})
 * @param description one line for the console, e.g. where the data set was found
 */
public record BenchmarkImages(ImageSet images, boolean real, String description) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if the images or the description is missing
     */
    public BenchmarkImages {
        if (images == null || description == null) {
            throw new IllegalArgumentException("images and description are required");
        }
    }

    /**
     * Random 28×28 grey images with random labels, the same for the same count: with a count of one
     * batch, one batch made again and again, as PyTorch benchmarks a fixed batch (nothing else held
     * in memory).
     *
     * @param count how many images
     * @param description one line for the console
     * @return the images, not real
     */
    public static BenchmarkImages random(int count, String description) {
        return random(count, 1, description);
    }

    /**
     * Random 28×28 images of some channels with random labels of ten classes, the same for the same
     * count and channels; for one channel, those of {@link #random(int, String)}.
     *
     * @param count how many images
     * @param channels 1 for grey, 3 for colour
     * @param description one line for the console
     * @return the images, not real
     */
    public static BenchmarkImages random(int count, int channels, String description) {
        byte[] pixels = new byte[count * channels * 28 * 28];
        int[] labels = new int[count];
        Random random = new Random(1);
        random.nextBytes(pixels);
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextInt(10);
        }
        ImageSet images =
                ImageSet.builder()
                        .setPixels(pixels)
                        .setLabels(labels)
                        .setShape(channels, 28, 28)
                        .optClasses(10)
                        .build();
        return new BenchmarkImages(images, false, description);
    }
}
