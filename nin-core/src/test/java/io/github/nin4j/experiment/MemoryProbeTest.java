package io.github.nin4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.TestArchitectures;
import io.github.nin4j.precision.Precision;
import org.junit.jupiter.api.Test;

class MemoryProbeTest {

    private static final NinArchitecture SMALL = TestArchitectures.SMALL;

    @Test
    void aTrainingStepHoldsAtLeastItsFirstActivationPerExample() {
        long training =
                MemoryProbe.marginalBytes(
                        SMALL, 96, ConvolutionLayout.CHANNELS_LAST, Precision.FP32, true, 8, 64);
        long inference =
                MemoryProbe.marginalBytes(
                        SMALL, 96, ConvolutionLayout.CHANNELS_LAST, Precision.FP32, false, 8, 64);
        // Backpropagation keeps the first block's three 16x96x96 float maps for each example.
        long firstBlock = 3L * 16 * 96 * 96 * 4;
        assertThat(training).isGreaterThan(firstBlock);
        assertThat(inference).isPositive().isLessThan(training);
    }

    @Test
    void aBf16TrainingStepIsMeasuredToo() {
        long training =
                MemoryProbe.marginalBytes(
                        SMALL, 96, ConvolutionLayout.CHANNELS_LAST, Precision.BF16, true, 8, 64);
        assertThat(training).isPositive();
    }
}
