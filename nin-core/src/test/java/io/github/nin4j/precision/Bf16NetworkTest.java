package io.github.nin4j.precision;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nin4j.engine.CheckedLayout;
import io.github.nin4j.interop.TorchStateDict;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinNetwork;
import java.util.List;
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

    /*
     * Measured (relative L2 against the float32 network, seeds as here, a 2-core Zen 5):
     * logits 6.1e-3; the last block's parameter gradients 1.2e-3 to 1.2e-2. Earlier blocks are
     * checked by nothing here because bf16 takes them far from float32 at initialisation: the
     * third block's gradients 4.1e-3 to 1.7e-1, the second's 0.13 to 0.46, the first's 0.25 to
     * 0.93 (../shared/notes/engine-measurements.md, section "bf16 compute reached through
     * TorchScript", found the same against float64). Whether training converges the same is issue 13's accuracy run.
     */
    @Test
    void bf16NetworkMatchesFloat32NetworkInLogitsAndLastBlockGradients() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NinArchitecture architecture =
                    NinArchitecture.builder()
                            .optBlocks(
                                    List.of(
                                            new BlockSpec(8, 11, 4, 0),
                                            new BlockSpec(16, 5, 1, 2),
                                            new BlockSpec(24, 3, 1, 1),
                                            new BlockSpec(10, 3, 1, 1)))
                            .build();
            NinNetwork network =
                    architecture.newNetwork(Precision.FP32.blocks(CheckedLayout.onThisMachine()));
            NinNetwork bf16Network =
                    architecture.newNetwork(Precision.BF16.blocks(ConvolutionLayout.NCHW));
            Shape input = new Shape(2, 1, 99, 99);
            Engine.getInstance().setRandomSeed(3);
            network.initialize(manager, input);
            bf16Network.initialize(manager, input);
            TorchStateDict layout = TorchStateDict.of(architecture);
            layout.load(bf16Network, layout.toStateDict(network));
            NDArray x = manager.randomUniform(0f, 1f, input);
            // The same dropout mask in both passes.
            List<float[]> fp32 = NetworkPass.of(network, x, true, 17);
            List<float[]> bf16 = NetworkPass.of(bf16Network, x, true, 17);
            assertThat(RelativeL2.of(bf16.get(0), fp32.get(0))).as("logits").isLessThan(2e-2);
            // The last block's six parameters are the last six gradients.
            for (int i = fp32.size() - 6; i < fp32.size(); i++) {
                assertThat(RelativeL2.of(bf16.get(i), fp32.get(i)))
                        .as("gradient of parameter %d", i - 1)
                        .isLessThan(3e-2);
            }
        }
    }
}
