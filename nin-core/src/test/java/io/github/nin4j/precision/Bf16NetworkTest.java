package io.github.nin4j.precision;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nin4j.engine.EngineCheck;
import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinNetwork;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class Bf16NetworkTest {

    @Test
    void bf16IsChosenWhenTheBlocksAreBuiltAndKeepsTheParameters() {
        NinNetwork fp32 = NinArchitecture.seed().newNetwork();
        NinNetwork bf16 =
                NinArchitecture.seed().newNetwork(Precision.BF16.blocks(ConvolutionLayout.NCHW));
        assertThat(fp32.ninBlocks()).noneMatch(b -> b instanceof Bf16NinBlock);
        assertThat(bf16.ninBlocks()).hasSize(4).allMatch(b -> b instanceof Bf16NinBlock);
        // bf16 computes in channels-last whatever layout is asked for.
        assertThat(bf16.getConvolutionLayout()).isEqualTo(ConvolutionLayout.CHANNELS_LAST);
        assertThat(bf16.getBlock().getParameters().keys())
                .isEqualTo(fp32.getBlock().getParameters().keys());
    }

    /** The seed's layout with narrow blocks, 8 and 24 wide (the bf16 blocks pad them to 16). */
    private static final NinArchitecture NARROW =
            NinArchitecture.builder()
                    .optBlocks(
                            List.of(
                                    new BlockSpec(8, 11, 4, 0),
                                    new BlockSpec(16, 5, 1, 2),
                                    new BlockSpec(24, 3, 1, 1),
                                    new BlockSpec(10, 3, 1, 1)))
                    .build();

    private static final Shape INPUT = new Shape(2, 1, 99, 99);

    /** bf16's unit roundoff, 2^-8 / 2: the largest relative error of one rounding. */
    private static final double ROUNDOFF = Math.scalb(1.0, -9);

    /*
     * The bf16 network against float64 rounded to bf16 where the kernels round (Bf16Emulation),
     * on the same weights and batch with dropout off: both take the same ReLU and max-pooling
     * decisions, so what is left is rounding, bounded by bf16's own unit roundoff u = 2^-9, not by
     * what one CPU measured. The logits can differ only where float32 and float64 accumulation put
     * a sum on either side of a rounding boundary: a few values by one rounding, well under 4u in
     * relative L2. The kernels compute the backward pass in bf16, rounding each gradient on its way
     * down; the emulation passes it through in float64. Every gradient is at most about one
     * rounding per layer on its path off, and the deepest parameter lies 12 layers down: 16u
     * (3.1e-2) bounds them all. Over seeds 1 to 30 on Zen 5 the logits came out identical and the
     * gradients within 1.7e-2, the last block's within 5.0e-3. A kernel fault is far outside both (the Zen 5 float32 fault was
     * 0.16 to 0.49; a 10% wrong gradient is 0.1). Comparing with the float32 network instead
     * would mix rounding with decisions taken the other way near a tie, which decide whole units'
     * gradients, and differ from one CPU's kernels to another's.
     */
    @Test
    void bf16NetworkIsFloat64RoundedWhereTheKernelsRound() {
        // The library computes a network in bf16 only where the engine check passes it.
        EngineVerdict verdict =
                EngineCheck.builder()
                        .setArchitecture(NARROW)
                        .setInputSide((int) INPUT.get(2))
                        .optPrecisionChoice(PrecisionChoice.BF16)
                        .build()
                        .run();
        if (!verdict.right()) {
            Assumptions.abort("bf16 refused for this network on this CPU: " + verdict.summary());
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NinNetwork network =
                    NARROW.newNetwork(Precision.BF16.blocks(ConvolutionLayout.CHANNELS_LAST));
            Engine.getInstance().setRandomSeed(3);
            network.initialize(manager, INPUT);
            NDArray x = manager.randomUniform(0f, 1f, INPUT);
            List<float[]> bf16 = NetworkPass.of(network, x, false, 17);
            List<float[]> emulated = Bf16Emulation.of(NARROW, network, x);
            assertThat(bf16).hasSameSizeAs(emulated).hasSize(1 + 24);
            assertThat(RelativeL2.of(bf16.get(0), emulated.get(0)))
                    .as("logits")
                    .isLessThan(4 * ROUNDOFF);
            for (int i = 1; i < bf16.size(); i++) {
                assertThat(RelativeL2.of(bf16.get(i), emulated.get(i)))
                        .as("gradient of parameter %d", i - 1)
                        .isLessThan(16 * ROUNDOFF);
            }
        }
    }
}
