package io.github.nin4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.compute.ComputePlan;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.Head;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinNetwork;
import io.github.nin4j.precision.Precision;
import io.github.nin4j.precision.PrecisionChoice;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class EngineCheckTest {

    /**
     * The seed's layout with narrow blocks: every kind of layer, checked in well under a second.
     */
    private static final NinArchitecture SMALL =
            NinArchitecture.builder()
                    .optBlocks(
                            List.of(
                                    new BlockSpec(16, 11, 4, 0),
                                    new BlockSpec(16, 5, 1, 2),
                                    new BlockSpec(16, 3, 1, 1),
                                    new BlockSpec(10, 3, 1, 1)))
                    .build();

    private static EngineCheck.Builder small() {
        return EngineCheck.builder().setArchitecture(SMALL).setInputSide(67);
    }

    /**
     * Computes the same forward pass, but scales every gradient flowing back through it: a wrong
     * gradient with a right forward result, as the engine's fault gives.
     */
    private static UnaryOperator<Block> scaleGradient(float factor) {
        return inner -> {
            SequentialBlock faulty = new SequentialBlock();
            faulty.add(inner);
            faulty.add(
                    new LambdaBlock(
                            list -> {
                                NDArray x = list.singletonOrThrow();
                                return new NDList(
                                        x.mul(factor).add(x.mul(1 - factor).stopGradient()));
                            }));
            return faulty;
        };
    }

    /**
     * bf16 at the seed's size, where it is used: every block alone and the whole network's logits,
     * loss and gradients within bf16's tolerances of float64, the last block's gradients far closer
     * than the tolerance (the first blocks' drift is bf16's near-tie decisions, see {@link
     * Precision#tolerances()}).
     */
    @Test
    void seedNetworkAt224InBf16IsWithinBf16TolerancesOfFloat64() {
        EngineVerdict verdict =
                EngineCheck.builder()
                        .setArchitecture(NinArchitecture.seed())
                        .setInputSide(224)
                        .optPrecisionChoice(PrecisionChoice.BF16)
                        .build()
                        .run();

        assertThat(verdict.right()).as(verdict.summary()).isTrue();
        assertThat(verdict.precision()).isEqualTo(Precision.BF16);
        assertThat(verdict.layout()).isEqualTo(ConvolutionLayout.CHANNELS_LAST);
        LayoutTrial trial = verdict.trials().get(0);
        assertThat(trial.convolutions())
                .hasSize(4)
                .allSatisfy(
                        b ->
                                assertThat(b.worst())
                                        .as(b.layer())
                                        .isLessThanOrEqualTo(Precision.BF16.tolerances().unit()));
        NetworkTrial network = trial.network();
        assertThat(network.logits()).isLessThanOrEqualTo(Precision.BF16.tolerances().network());
        assertThat(network.loss()).isLessThanOrEqualTo(Precision.BF16.tolerances().network());
        assertThat(network.gradients().values())
                .hasSize(24)
                .allSatisfy(
                        e ->
                                assertThat(e)
                                        .isLessThanOrEqualTo(
                                                Precision.BF16.tolerances().gradient()));
        assertThat(network.gradients().entrySet())
                .filteredOn(g -> g.getKey().startsWith("7."))
                .hasSize(6)
                .allSatisfy(g -> assertThat(g.getValue()).as(g.getKey()).isLessThan(5e-2));
    }

    @Test
    void autoTriesBf16FirstOnlyOnAProcessorWithBf16Instructions() {
        EngineVerdict without =
                small().optPrecisionChoice(PrecisionChoice.AUTO)
                        .optBf16Instructions(false)
                        .build()
                        .run();
        assertThat(without.trials())
                .extracting(LayoutTrial::precision)
                .containsOnly(Precision.FP32);
        assertThat(without.precision()).isEqualTo(Precision.FP32);

        EngineVerdict with =
                small().optPrecisionChoice(PrecisionChoice.AUTO)
                        .optBf16Instructions(true)
                        .build()
                        .run();
        assertThat(with.trials())
                .extracting(LayoutTrial::precision)
                .containsExactly(Precision.BF16);
        assertThat(with.precision()).isEqualTo(Precision.BF16);
        assertThat(with.status()).isEqualTo(EngineVerdict.Status.RIGHT);
        assertThat(with.summary())
                .startsWith("engine check: right (bf16 NiN blocks; blocks within");
    }

    @Test
    void anInjectedWrongGradientIsCaughtInBf16BlockByBlock() {
        EngineVerdict verdict =
                small().optPrecisionChoice(PrecisionChoice.AUTO)
                        .optBf16Instructions(true)
                        .optCheckedWrapper(scaleGradient(0.9f))
                        .build()
                        .run();

        assertThat(verdict.status()).isEqualTo(EngineVerdict.Status.WRONG);
        assertThat(verdict.precision()).isNull();
        assertThat(verdict.trials())
                .extracting(LayoutTrial::name)
                .containsExactly("bf16", "channels-last", "NCHW");
        LayoutTrial bf16 = verdict.trials().get(0);
        assertThat(bf16.right()).isFalse();
        // Every block's gradients 10% off; the forward untouched, within bf16's rounding.
        assertThat(bf16.convolutions())
                .allSatisfy(
                        b -> {
                            assertThat(b.forward()).isLessThan(2e-2);
                            assertThat(b.backwardWeights()).isBetween(0.09, 0.12);
                        });
        assertThat(bf16.faults()).allMatch(f -> f.startsWith("block "));
        assertThat(verdict.summary()).contains("bf16: block 1 (11x11, 1->16)");
    }

    /** The diagnosis of this machine: fails, with what is wrong, where no layout is right. */
    @Test
    void seedNetworkAt224IsRightInTheLayoutTheCheckChooses() {
        EngineVerdict verdict =
                EngineCheck.builder()
                        .setArchitecture(NinArchitecture.seed())
                        .setInputSide(224)
                        .build()
                        .run();

        assertThat(verdict.right()).as(verdict.summary()).isTrue();
        assertThat(verdict.input()).isEqualTo("2x1x224x224");
        LayoutTrial chosen = verdict.trials().get(verdict.trials().size() - 1);
        assertThat(chosen.layout()).isEqualTo(verdict.layout());
        assertThat(chosen.convolutions())
                .hasSize(12 + ConvolutionProbe.knownTriggers().size())
                .allSatisfy(
                        c ->
                                assertThat(c.worst())
                                        .as(c.layer())
                                        .isLessThanOrEqualTo(Precision.FP32.tolerances().unit()));
        assertThat(chosen.network().gradients()).hasSize(24);
        assertThat(chosen.network().worst())
                .isLessThanOrEqualTo(Precision.FP32.tolerances().network());
        assertThat(verdict.layoutReason()).isEqualTo("the faster layout on the CPU");
        if (verdict.status() == EngineVerdict.Status.RIGHT_AFTER_WORKAROUND) {
            assertThat(verdict.trials().get(0).layout()).isEqualTo(ConvolutionLayout.CHANNELS_LAST);
            assertThat(verdict.trials().get(0).right()).isFalse();
            assertThat(verdict.layout()).isEqualTo(ConvolutionLayout.NCHW);
            assertThat(verdict.summary())
                    .contains("channels-last convolutions are wrong on this CPU")
                    .contains("switched to NCHW");
        } else {
            assertThat(verdict.trials()).hasSize(1);
            assertThat(verdict.layout()).isEqualTo(ConvolutionLayout.CHANNELS_LAST);
            assertThat(verdict.summary())
                    .startsWith(
                            "engine check: right (channels-last convolutions, the faster layout"
                                    + " on the CPU; convolutions within");
        }
    }

    @Test
    void anInjectedWrongGradientIsCaughtInEveryLayoutAndRefused() {
        EngineCheck check = small().optCheckedWrapper(scaleGradient(0.9f)).build();
        EngineVerdict verdict = check.run();

        assertThat(verdict.status()).isEqualTo(EngineVerdict.Status.WRONG);
        assertThat(verdict.layout()).isNull();
        assertThat(verdict.trials())
                .extracting(LayoutTrial::layout)
                .containsExactly(ConvolutionLayout.CHANNELS_LAST, ConvolutionLayout.NCHW);
        // Channels-last is right on every machine seen, so its errors are the injected ones: the
        // forward pass untouched, every gradient 10% off.
        NetworkTrial channelsLast = verdict.trials().get(0).network();
        assertThat(channelsLast.logits()).isLessThan(1e-5);
        assertThat(channelsLast.gradients().values())
                .allSatisfy(e -> assertThat(e).isBetween(0.09, 0.11));
        for (LayoutTrial trial : verdict.trials()) {
            assertThat(trial.right()).isFalse();
            assertThat(trial.faults()).anyMatch(f -> f.startsWith("whole network:"));
            assertThat(trial.convolutions())
                    .allSatisfy(
                            c ->
                                    assertThat(c.faults(Precision.FP32.tolerances().unit()))
                                            .anyMatch(
                                                    f -> f.startsWith("backward-weights 1.0e-01")));
        }
        assertThat(verdict.summary())
                .contains("in every layout tried: channels-last: block 1, conv 1 (11x11, 1->16)")
                .contains("/ NCHW: block 1, conv 1")
                .contains("more");

        assertThatThrownBy(() -> ComputePlan.of(verdict, Device.cpu()))
                .isInstanceOf(EngineFaultException.class)
                .hasMessageContaining("Nothing was run");
    }

    @Test
    void aFaultTooSmallForTheWholeNetworkIsCaughtInTheConvolutions() {
        EngineVerdict verdict = small().optCheckedWrapper(scaleGradient(0.999f)).build().run();

        assertThat(verdict.status()).isEqualTo(EngineVerdict.Status.WRONG);
        LayoutTrial trial = verdict.trials().get(0);
        assertThat(trial.layout()).isEqualTo(ConvolutionLayout.CHANNELS_LAST);
        Precision.Tolerances tolerances = Precision.FP32.tolerances();
        assertThat(trial.network().within(tolerances.network(), tolerances.network())).isTrue();
        assertThat(trial.convolutions())
                .allSatisfy(c -> assertThat(c.backwardWeights()).isBetween(9e-4, 1.1e-3));
    }

    @Test
    void aForcedLayoutIsTheOnlyOneTriedAndIsApplied() {
        EngineVerdict verdict = small().optLayoutChoice(LayoutChoice.CHANNELS_LAST).build().run();
        NinNetwork network = SMALL.newNetwork(ComputePlan.of(verdict, Device.cpu()).blocks());

        assertThat(verdict.trials()).hasSize(1);
        assertThat(verdict.status()).as(verdict.summary()).isEqualTo(EngineVerdict.Status.RIGHT);
        assertThat(verdict.layout()).isEqualTo(ConvolutionLayout.CHANNELS_LAST);
        assertThat(network.convolutions())
                .hasSize(12)
                .allMatch(c -> c.getLayout() == ConvolutionLayout.CHANNELS_LAST);
        assertThat(network.getConvolutionLayout()).isEqualTo(ConvolutionLayout.CHANNELS_LAST);
    }

    @Test
    void theCheckIsRepeatable() {
        EngineVerdict first = small().optLayoutChoice(LayoutChoice.CHANNELS_LAST).build().run();
        EngineVerdict second = small().optLayoutChoice(LayoutChoice.CHANNELS_LAST).build().run();
        assertThat(second.trials().get(0).network()).isEqualTo(first.trials().get(0).network());
    }

    /**
     * The check copies its weights between the float32 and float64 networks by state_dict key, so
     * it covers the variants' layers: linear ones included, every 1×1 convolution and none more.
     */
    @Test
    void variantsAreCheckedLayerByLayer() {
        NinArchitecture fullyConnected =
                NinArchitecture.builder()
                        .optBlocks(SMALL.blocks())
                        .optHead(Head.FULLY_CONNECTED)
                        .build();
        NinArchitecture noPointwise =
                NinArchitecture.builder().optBlocks(SMALL.blocks()).optPointwise(0).build();

        EngineVerdict withLinear =
                EngineCheck.builder()
                        .setArchitecture(fullyConnected)
                        .setInputSide(67)
                        .optLayoutChoice(LayoutChoice.CHANNELS_LAST)
                        .build()
                        .run();
        assertThat(withLinear.right()).as(withLinear.summary()).isTrue();
        LayoutTrial trial = withLinear.trials().get(0);
        // Three NiN blocks of three convolutions, then the known triggers.
        assertThat(trial.convolutions())
                .hasSize(9 + ConvolutionProbe.knownTriggers().size())
                .extracting(ConvolutionTrial::layer)
                .contains("block 3, conv 3 (1x1, 16->16)");
        // 9 convolutions and 3 linear layers, a weight and a bias each.
        assertThat(trial.network().gradients()).hasSize(24).containsKeys("7.weight", "13.bias");

        EngineVerdict pointwiseOnly =
                EngineCheck.builder()
                        .setArchitecture(noPointwise)
                        .setInputSide(67)
                        .optLayoutChoice(LayoutChoice.CHANNELS_LAST)
                        .build()
                        .run();
        assertThat(pointwiseOnly.right()).as(pointwiseOnly.summary()).isTrue();
        assertThat(pointwiseOnly.trials().get(0).convolutions())
                .hasSize(4 + ConvolutionProbe.knownTriggers().size());
        assertThat(pointwiseOnly.trials().get(0).network().gradients())
                .containsOnlyKeys(
                        "0.0.weight",
                        "0.0.bias",
                        "2.0.weight",
                        "2.0.bias",
                        "4.0.weight",
                        "4.0.bias",
                        "7.0.weight",
                        "7.0.bias");
    }

    @Test
    void aBatchOfOneOrAnInputTooSmallIsRefused() {
        assertThatThrownBy(() -> small().optBatchSize(1).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("batch of at least 2");
        assertThatThrownBy(() -> small().setInputSide(40).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the smallest input it accepts is 1x67x67");
    }
}
