package io.github.nin4j.train;

import io.github.nin4j.data.DataSource;
import io.github.nin4j.data.FashionMnist;
import io.github.nin4j.data.ImageSet;
import java.nio.file.Path;
import java.util.Random;

/**
 * Generated 28×28 images a small NiN learns in a few hundred steps: an image of class k is
 * uniformly k/9 bright, plus noise. (On real Fashion-MNIST, NiN with the seed's recipe needs many
 * hundreds of steps at 224 pixels to leave chance, too long for a unit test.)
 */
final class LearnableImages {

    private LearnableImages() {}

    static ImageSet of(int count, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[count * 28 * 28];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(10);
            labels[i] = (byte) label;
            for (int p = 0; p < 28 * 28; p++) {
                int value = (int) Math.round(label * 25.0 + random.nextInt(12));
                pixels[i * 28 * 28 + p] = (byte) Math.min(255, value);
            }
        }
        return ImageSet.of(pixels, labels, 28, 28);
    }

    static FashionMnist data(int train, int test) {
        return new FashionMnist(
                of(train, 1), of(test, 2), DataSource.of(Path.of("generated"), "generated"));
    }
}
