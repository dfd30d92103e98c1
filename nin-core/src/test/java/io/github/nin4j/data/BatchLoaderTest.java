package io.github.nin4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import io.github.nin4j.base.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchLoaderTest {

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void bilinearResizeUsesHalfPixelCentresAsTorchvisionWhenEnlarging() {
        // 2x2 -> 4x4 with align_corners=false: source x = (x + 0.5) / 2 - 0.5, clamped at 0,
        // so each axis weighs its two pixels (1, 0), (3/4, 1/4), (1/4, 3/4), (0, 1).
        // Rows [0, 64] and [128, 192] become [0, 16, 48, 64] and [128, 144, 176, 192];
        // mixing those two rows with the same weights gives the four output rows.
        ImageSet one =
                ImageSet.of(new byte[] {0, 64, (byte) 128, (byte) 192}, new byte[] {3}, 2, 2);
        float[][] expected = {
            {0, 16, 48, 64},
            {32, 48, 80, 96},
            {96, 112, 144, 160},
            {128, 144, 176, 192}
        };
        try (BatchLoader loader = loader(one).optResize(4).build();
                Batch batch = loader.epoch(0).next()) {
            NDArray data = batch.getData().singletonOrThrow();
            assertThat(data.getShape()).isEqualTo(new Shape(1, 1, 4, 4));
            float[] values = data.toFloatArray();
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    assertThat(values[y * 4 + x])
                            .as("pixel (%d, %d)", y, x)
                            .isCloseTo(expected[y][x] / 255f, within(1e-6f));
                }
            }
            assertThat(batch.getLabels().singletonOrThrow().toLongArray()).containsExactly(3);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void colourBatchesKeepTheirChannelsInOrder(int resize) {
        // Image 0 is pure red, image 1 pure blue, each 2x2.
        byte[] pixels = new byte[2 * 3 * 4];
        Arrays.fill(pixels, 0, 4, (byte) 255);
        Arrays.fill(pixels, 12 + 8, 24, (byte) 255);
        ImageSet colours =
                ImageSet.builder()
                        .setPixels(pixels)
                        .setLabels(new int[] {0, 1})
                        .setShape(3, 2, 2)
                        .build();
        try (BatchLoader loader = loader(colours).optResize(resize).build();
                Batch batch = loader.epoch(0).next()) {
            NDArray data = batch.getData().singletonOrThrow();
            assertThat(data.getShape()).isEqualTo(new Shape(2, 3, resize, resize));
            float[] values = data.toFloatArray();
            int plane = resize * resize;
            for (int b = 0; b < 2; b++) {
                for (int c = 0; c < 3; c++) {
                    float expected = (b == 0 && c == 0) || (b == 1 && c == 2) ? 1f : 0f;
                    for (int k = 0; k < plane; k++) {
                        assertThat(values[(b * 3 + c) * plane + k])
                                .as("image %d, channel %d", b, c)
                                .isCloseTo(expected, within(1e-6f));
                    }
                }
            }
        }
    }

    @Test
    void eachChannelIsResizedOnItsOwn() {
        // The 2x2 image of the one-channel test in channel 0, its negative in channel 1, black in
        // channel 2: resizing is linear, so channel 1 becomes 255 minus channel 0.
        byte[] pixels = {
            0, 64, (byte) 128, (byte) 192, (byte) 255, (byte) 191, 127, 63, 0, 0, 0, 0
        };
        ImageSet one =
                ImageSet.builder()
                        .setPixels(pixels)
                        .setLabels(new int[] {0})
                        .setShape(3, 2, 2)
                        .build();
        float[] expected = {0, 16, 48, 64, 32, 48, 80, 96, 96, 112, 144, 160, 128, 144, 176, 192};
        try (BatchLoader loader = loader(one).optResize(4).build();
                Batch batch = loader.epoch(0).next()) {
            float[] values = batch.getData().singletonOrThrow().toFloatArray();
            for (int k = 0; k < 16; k++) {
                assertThat(values[k]).isCloseTo(expected[k] / 255f, within(1e-6f));
                assertThat(values[16 + k]).isCloseTo(1 - expected[k] / 255f, within(1e-6f));
                assertThat(values[32 + k]).isZero();
            }
        }
    }

    @Test
    void resizingTo28IsTheIdentityScaledToZeroOne() {
        ImageSet images = new SmallFashionMnist(3, 0).asTrainSet();
        try (BatchLoader loader = loader(images).optResize(28).build();
                Batch batch = loader.epoch(0).next()) {
            NDArray data = batch.getData().singletonOrThrow();
            assertThat(data.getShape()).isEqualTo(new Shape(3, 1, 28, 28));
            assertThat(data.getDataType()).isEqualTo(DataType.FLOAT32);
            float[] values = data.toFloatArray();
            for (int i = 0; i < 3; i++) {
                byte[] image = images.image(i);
                for (int k = 0; k < image.length; k++) {
                    assertThat(values[i * 784 + k]).isEqualTo((image[k] & 0xFF) / 255f);
                }
            }
        }
    }

    @Test
    void unresizedBatchesKeepTheirValuesAfterTheLoaderMovesOn() {
        // Regression: at 28 px a batch once was a view of a scratch array whose Java buffer could
        // be collected, so values turned to garbage (losses of 1e20) while the batch was in use.
        ImageSet images = new SmallFashionMnist(512, 0).asTrainSet();
        try (BatchLoader loader = loader(images).optResize(28).optBatchSize(16).build()) {
            Iterator<Batch> batches = loader.epoch(0);
            try (Batch first = batches.next()) {
                // Freed native buffers are reused by the batches made next.
                while (batches.hasNext()) {
                    System.gc();
                    batches.next().close();
                }
                float[] values = first.getData().singletonOrThrow().toFloatArray();
                for (int k = 0; k < 784; k++) {
                    assertThat(values[k]).isEqualTo((images.image(0)[k] & 0xFF) / 255f);
                }
            }
        }
    }

    /**
     * A batch's floats go through a buffer the loader reuses, not one per batch (which the JVM
     * would free only at its next collection); each batch still keeps its own values.
     */
    @ParameterizedTest
    @ValueSource(ints = {28, 32})
    void batchBuffersAreReusedAndBatchesKeepTheirValues(int resize) {
        ImageSet images = new SmallFashionMnist(256, 0).asTrainSet();
        try (BatchLoader loader = loader(images).optResize(resize).optBatchSize(8).build();
                BatchLoader plain = loader(images).optResize(resize).optBatchSize(8).build()) {
            List<Batch> kept = new ArrayList<>();
            try {
                loader.epoch(0).forEachRemaining(kept::add);
                Iterator<Batch> again = plain.epoch(0);
                for (Batch batch : kept) {
                    try (Batch fresh = again.next()) {
                        assertThat(batch.getData().singletonOrThrow().toFloatArray())
                                .containsExactly(fresh.getData().singletonOrThrow().toFloatArray());
                    }
                }
            } finally {
                kept.forEach(Batch::close);
            }
            assertThat(kept).hasSize(32);
            assertThat(loader.buffersMade()).isBetween(1, 2);
        }
    }

    @Test
    void batchesAre224PixelsInZeroOneWithInt64Labels() {
        ImageSet images = new SmallFashionMnist(5, 0).asTrainSet();
        try (BatchLoader loader = loader(images).optBatchSize(4).build()) {
            Iterator<Batch> epoch = loader.epoch(0);
            try (Batch batch = epoch.next()) {
                NDArray data = batch.getData().singletonOrThrow();
                assertThat(data.getShape()).isEqualTo(new Shape(4, 1, 224, 224));
                assertThat(data.min().getFloat()).isGreaterThanOrEqualTo(0f);
                assertThat(data.max().getFloat()).isLessThanOrEqualTo(1f);
                NDArray labels = batch.getLabels().singletonOrThrow();
                assertThat(labels.getDataType()).isEqualTo(DataType.INT64);
                assertThat(labels.toLongArray()).containsExactly(0, 1, 2, 3);
            }
            try (Batch last = epoch.next()) {
                assertThat(last.getSize()).isEqualTo(1);
                assertThat(last.getData().singletonOrThrow().getShape())
                        .isEqualTo(new Shape(1, 1, 224, 224));
            }
            assertThat(epoch.hasNext()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theLastPartialBatchIsKeptAndEveryImageComesOnceWithItsLabel(boolean prefetch) {
        ImageSet images = new SmallFashionMnist(10, 0).asTrainSet();
        try (BatchLoader loader =
                loader(images).optBatchSize(3).optShuffle(true).optPrefetch(prefetch).build()) {
            assertThat(loader.batchesPerEpoch()).isEqualTo(4);
            List<Integer> sizes = new ArrayList<>();
            List<Long> seen = new ArrayList<>();
            Iterator<Batch> epoch = loader.epoch(2);
            while (epoch.hasNext()) {
                try (Batch batch = epoch.next()) {
                    sizes.add(batch.getSize());
                    float[] data = batch.getData().singletonOrThrow().toFloatArray();
                    long[] labels = batch.getLabels().singletonOrThrow().toLongArray();
                    int pixels = 224 * 224;
                    for (int b = 0; b < batch.getSize(); b++) {
                        long index = (Long) batch.getIndices().get(b);
                        seen.add(index);
                        assertThat(labels[b]).isEqualTo(images.label((int) index));
                        // The top-left output pixel is the image's top-left pixel (clamped).
                        assertThat(data[b * pixels])
                                .isEqualTo(SmallFashionMnist.pixel((int) index, 0, 0) / 255f);
                    }
                }
            }
            assertThat(sizes).containsExactly(3, 3, 3, 1);
            assertThat(seen).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
            assertThat(seen).containsExactlyElementsOf(boxed(loader.order(2)));
        }
    }

    /** A resumed epoch gets the batches an uninterrupted one gets after the skipped ones. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anEpochStartedAfterSomeBatchesYieldsTheRestOfTheSameEpoch(boolean prefetch) {
        ImageSet images = new SmallFashionMnist(10, 0).asTrainSet();
        try (BatchLoader loader =
                loader(images)
                        .optResize(28)
                        .optBatchSize(3)
                        .optShuffle(true)
                        .optPrefetch(prefetch)
                        .build()) {
            List<float[]> whole = new ArrayList<>();
            List<List<?>> wholeIndices = new ArrayList<>();
            Iterator<Batch> epoch = loader.epoch(2);
            while (epoch.hasNext()) {
                try (Batch batch = epoch.next()) {
                    whole.add(batch.getData().singletonOrThrow().toFloatArray());
                    wholeIndices.add(batch.getIndices());
                }
            }
            List<float[]> rest = new ArrayList<>();
            List<List<?>> restIndices = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            epoch = loader.epoch(2, 2);
            while (epoch.hasNext()) {
                try (Batch batch = epoch.next()) {
                    rest.add(batch.getData().singletonOrThrow().toFloatArray());
                    restIndices.add(batch.getIndices());
                    sizes.add(batch.getSize());
                }
            }
            assertThat(rest).containsExactlyElementsOf(whole.subList(2, 4));
            assertThat(restIndices).containsExactlyElementsOf(wholeIndices.subList(2, 4));
            assertThat(sizes).containsExactly(loader.batchSize(2), loader.batchSize(3));
            assertThat(sizes).containsExactly(3, 1);
            assertThat(loader.epoch(2, 4).hasNext()).isFalse();
            assertThatThrownBy(() -> loader.epoch(2, 5))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shufflingIsAPermutationThatChangesPerEpochAndRepeatsPerSeed() {
        ImageSet images = ImageSet.of(new byte[1000], new byte[1000], 1, 1);
        try (BatchLoader a = loader(images).optShuffle(true).optSeed(7).build();
                BatchLoader b = loader(images).optShuffle(true).optSeed(7).build();
                BatchLoader c = loader(images).optShuffle(true).optSeed(8).build()) {
            int[] first = a.order(0);
            assertThat(sorted(first)).isEqualTo(IntStream.range(0, 1000).toArray());
            assertThat(first).isNotEqualTo(IntStream.range(0, 1000).toArray());
            assertThat(a.order(1)).isNotEqualTo(first);
            assertThat(sorted(a.order(1))).isEqualTo(sorted(first));
            assertThat(b.order(0)).isEqualTo(first);
            assertThat(b.order(5)).isEqualTo(a.order(5));
            assertThat(c.order(0)).isNotEqualTo(first);
        }
    }

    @Test
    void withoutShufflingTheOrderIsTheFilesOrder() {
        ImageSet images = ImageSet.of(new byte[20], new byte[20], 1, 1);
        try (BatchLoader loader = loader(images).build()) {
            assertThat(loader.order(3)).isEqualTo(IntStream.range(0, 20).toArray());
        }
    }

    @Test
    void startingAnotherEpochOrClosingReleasesTheBatchMadeAhead() {
        ImageSet images = new SmallFashionMnist(6, 0).asTrainSet();
        try (NDManager parent = manager.newSubManager()) {
            BatchLoader loader =
                    BatchLoader.builder()
                            .setImages(images)
                            .setManager(parent)
                            .optResize(28)
                            .optBatchSize(2)
                            .build();
            loader.epoch(0).next().close();
            loader.epoch(1).next().close();
            loader.close();
            // Only the batches' sub-managers were ever attached to the parent, and all are closed.
            assertThat(parent.getManagedArrays()).isEmpty();
        }
    }

    @Test
    void badValuesAreRejected() {
        ImageSet images = ImageSet.of(new byte[4], new byte[4], 1, 1);
        assertThatThrownBy(() -> loader(images).optBatchSize(0).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("batch size must be at least 1, got 0");
        assertThatThrownBy(() -> loader(images.limit(0)).build())
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> BatchLoader.builder().setManager(manager).build())
                .hasMessage("setImages is required");
    }

    private BatchLoader.Builder loader(ImageSet images) {
        return BatchLoader.builder().setImages(images).setManager(manager);
    }

    private static int[] sorted(int[] values) {
        int[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static List<Long> boxed(int[] values) {
        return Arrays.stream(values).mapToObj(v -> (long) v).toList();
    }
}
