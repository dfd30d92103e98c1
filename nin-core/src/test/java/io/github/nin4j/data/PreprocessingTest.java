package io.github.nin4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PreprocessingTest {

    @Test
    void aProvenanceWithoutNormalisationIsTheSeedsPlainInput() {
        assertThat(Preprocessing.of(Map.of("origin", "x"), 96)).isEqualTo(Preprocessing.plain(96));
        assertThat(Preprocessing.of(null, 96)).isEqualTo(Preprocessing.plain(96));
        Preprocessing folder =
                Preprocessing.of(
                        Map.of(
                                Preprocessing.NORMALISATION,
                                Map.of("mean", List.of(0.5, 0.25), "std", List.of(0.2, 0.1)),
                                Preprocessing.AUGMENT,
                                true),
                        64);
        assertThat(folder.mean()).containsExactly(0.5, 0.25);
        assertThat(folder.std()).containsExactly(0.2, 0.1);
        assertThat(folder.augment()).isTrue();
        assertThat(folder.forEvaluation().augment()).isFalse();
        assertThat(folder.forEvaluation().mean()).isEqualTo(folder.mean());
    }

    @Test
    void normalisationIsEachChannelLessItsMeanOverItsStd() {
        Preprocessing p = new Preprocessing(2, List.of(0.5, 0.25), List.of(0.2, 0.1), false);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x =
                    manager.create(
                            new float[] {0.5f, 0.7f, 0.1f, 0.9f, 0.25f, 0.35f, 0.05f, 0.45f},
                            new Shape(1, 2, 2, 2));
            float[] y = p.normalise(x).toFloatArray();
            float[] expected = {0, 1, -2, 2, 0, 1, -2, 2};
            for (int i = 0; i < y.length; i++) {
                assertThat(y[i]).isCloseTo(expected[i], within(1e-5f));
            }
        }
    }

    @Test
    void theTrainingSplitsNormalisationIsItsPerChannelMeanAndStd() {
        // Two 1x2 RGB images: red 0 and 255, green 51 everywhere, blue 255 and 0.
        byte[] pixels = {
            0, (byte) 255, 51, 51, (byte) 255, 0, 0, (byte) 255, 51, 51, (byte) 255, 0
        };
        ImageSet set =
                ImageSet.builder()
                        .setPixels(pixels)
                        .setLabels(new int[] {0, 1})
                        .setShape(3, 1, 2)
                        .optClasses(2)
                        .build();
        @SuppressWarnings("unchecked")
        Map<String, List<Double>> n =
                (Map<String, List<Double>>) (Map<?, ?>) Preprocessing.normalisationOf(set);
        assertThat(n.get("mean")).containsExactly(0.5, 0.2, 0.5);
        // A channel of one value is left as it is (std 1), not divided by zero.
        assertThat(n.get("std")).containsExactly(0.5, 1.0, 0.5);
    }

    @Test
    void aCropLiesInsideTheImageWithinTorchvisionsScaleAndRatio() {
        Random seeds = new Random(3);
        int flips = 0;
        for (int k = 0; k < 2000; k++) {
            int h = 20 + seeds.nextInt(300);
            int w = 20 + seeds.nextInt(300);
            RandomResizedCrop crop = RandomResizedCrop.draw(new Random(k), h, w);
            assertThat(crop.top()).isBetween(0, h - crop.height());
            assertThat(crop.left()).isBetween(0, w - crop.width());
            assertThat(crop.height()).isBetween(1, h);
            assertThat(crop.width()).isBetween(1, w);
            double area = (double) crop.height() * crop.width() / ((double) h * w);
            assertThat(area).isLessThanOrEqualTo(1.0);
            flips += crop.flip() ? 1 : 0;
        }
        assertThat(flips).isBetween(900, 1100);
        assertThat(RandomResizedCrop.draw(RandomResizedCrop.random(7, 2, 5), 64, 64))
                .isEqualTo(RandomResizedCrop.draw(RandomResizedCrop.random(7, 2, 5), 64, 64))
                .isNotEqualTo(RandomResizedCrop.draw(RandomResizedCrop.random(7, 3, 5), 64, 64));
    }

    @Test
    void augmentedBatchesAreTheSameWhenAnEpochIsMadeAgainAndOthersDiffer() {
        Random random = new Random(1);
        byte[] pixels = new byte[6 * 3 * 16 * 16];
        random.nextBytes(pixels);
        ImageSet set =
                ImageSet.builder()
                        .setPixels(pixels)
                        .setLabels(new int[] {0, 1, 0, 1, 0, 1})
                        .setShape(3, 16, 16)
                        .optClasses(2)
                        .build();
        Preprocessing augment = new Preprocessing(12, List.of(), List.of(), true);
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] first = batch(set, augment, manager, 1);
            float[] again = batch(set, augment, manager, 1);
            float[] other = batch(set, augment, manager, 2);
            float[] plain = batch(set, augment.forEvaluation(), manager, 1);
            assertThat(first).hasSize(6 * 3 * 12 * 12).isEqualTo(again).isNotEqualTo(other);
            assertThat(plain).isNotEqualTo(first);
            assertThat(plain).isEqualTo(batch(set, Preprocessing.plain(12), manager, 1));
        }
    }

    private static float[] batch(ImageSet set, Preprocessing p, NDManager manager, int epoch) {
        try (BatchLoader loader =
                BatchLoader.builder()
                        .setImages(set)
                        .setManager(manager)
                        .optBatchSize(6)
                        .optPreprocessing(p)
                        .optSeed(5)
                        .optPrefetch(false)
                        .build()) {
            Iterator<Batch> batches = loader.epoch(epoch);
            try (Batch batch = batches.next()) {
                return batch.getData().singletonOrThrow().toFloatArray();
            }
        }
    }
}
