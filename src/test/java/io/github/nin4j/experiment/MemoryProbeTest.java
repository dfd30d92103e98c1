package io.github.nin4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.NinArchitecture;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryProbeTest {

    @Test
    void aTrainingStepHoldsAtLeastItsFirstActivationPerExample() {
        NinArchitecture small =
                NinArchitecture.builder()
                        .optBlocks(List.of(new BlockSpec(16, 5, 1, 2), new BlockSpec(10, 3, 1, 1)))
                        .build();
        long training =
                MemoryProbe.marginalBytes(small, 96, ConvolutionLayout.CHANNELS_LAST, true, 8, 64);
        long inference =
                MemoryProbe.marginalBytes(small, 96, ConvolutionLayout.CHANNELS_LAST, false, 8, 64);
        // Backpropagation keeps the first block's three 16x96x96 float maps for each example.
        long firstBlock = 3L * 16 * 96 * 96 * 4;
        assertThat(training).isGreaterThan(firstBlock);
        assertThat(inference).isPositive().isLessThan(training);
    }
}
