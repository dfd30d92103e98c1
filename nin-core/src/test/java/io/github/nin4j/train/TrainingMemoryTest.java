package io.github.nin4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.nin4j.base.InvalidValueException;
import io.github.nin4j.model.NinArchitecture;
import org.junit.jupiter.api.Test;

class TrainingMemoryTest {

    private static final NinArchitecture SEED = NinArchitecture.seed();
    private static final long GIB = 1L << 30;

    private static TrainingConfig config(int resize, int batch) {
        return new TrainingConfig(SEED, 1, 0.1, batch, resize, 0, 1, OnPlateau.WARN);
    }

    @Test
    void theEstimateIsCalibratedAgainstTheMemoryProbe() {
        // docs/results.md: the seed's network at 96 px takes 1.48 MiB per example to train.
        double perExample =
                (TrainingMemory.stepBytes(SEED, 96, 128) - TrainingMemory.FIXED_BYTES)
                        / 128.0
                        / (1 << 20);
        assertThat(perExample).isCloseTo(1.48, within(0.1));
    }

    @Test
    void anOversizedSideIsRefusedWithTheLargestThatFits() {
        int largest = TrainingMemory.largestSide(SEED, 128, 16 * GIB);
        assertThat(TrainingMemory.stepBytes(SEED, largest, 128)).isLessThanOrEqualTo(16 * GIB);
        assertThat(TrainingMemory.stepBytes(SEED, largest + 1, 128)).isGreaterThan(16 * GIB);
        assertThatThrownBy(() -> TrainingMemory.check(config(100_000, 128), 16 * GIB))
                .isInstanceOfSatisfying(
                        InvalidValueException.class,
                        e -> assertThat(e.setting()).isEqualTo(TrainingConfig.INPUT_SIZE))
                .hasMessageStartingWith("input size 100000 at batch size 128 needs about ")
                .hasMessageContaining("(an estimate from the network's layer sizes)")
                .hasMessageEndingWith(
                        "16.0 GiB available: at most "
                                + largest
                                + " for this network at this batch size on this machine's memory;"
                                + " lower it, or the batch size");
        TrainingMemory.check(config(largest, 128), 16 * GIB);
    }

    @Test
    void anOversizedBatchIsRefusedWithTheLargestThatFits() {
        assertThatThrownBy(() -> TrainingMemory.check(config(224, 2_000_000_000), 16 * GIB))
                .isInstanceOfSatisfying(
                        InvalidValueException.class,
                        e -> assertThat(e.setting()).isEqualTo(TrainingConfig.BATCH_SIZE))
                .hasMessageStartingWith("batch size 2000000000 at input size 224 needs about ")
                .hasMessageMatching(".*: at most \\d+ for this network at this size.*");
    }

    @Test
    void sizesThatOverflowAreEstimatedAsTooLargeNotWrapped() {
        assertThat(TrainingMemory.stepBytes(SEED, 1 << 20, Integer.MAX_VALUE))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(TrainingMemory.stepBytes(SEED, Integer.MAX_VALUE / 2, 1))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(TrainingMemory.availableBytes()).isPositive();
    }
}
