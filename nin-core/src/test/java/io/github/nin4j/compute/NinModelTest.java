package io.github.nin4j.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.engine.CheckedLayout;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.precision.Bf16NinBlock;
import io.github.nin4j.precision.Precision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NinModelTest {

    private static final NinArchitecture SMALL =
            NinArchitecture.builder()
                    .optBlocks(
                            List.of(
                                    new BlockSpec(8, 3, 1, 1),
                                    new BlockSpec(16, 3, 1, 1),
                                    new BlockSpec(10, 3, 1, 1)))
                    .build();

    private static final Shape INPUT = new Shape(2, 1, 20, 20);

    private static NinModel.Builder small(ComputePlan plan) {
        return NinModel.builder().setArchitecture(SMALL).setInputShape(INPUT).setPlan(plan);
    }

    private static ComputePlan fp32() {
        return ComputePlan.unchecked(Device.cpu(), CheckedLayout.onThisMachine(), Precision.FP32);
    }

    private static List<float[]> parameters(NinModel nin) {
        List<float[]> values = new ArrayList<>();
        for (Pair<String, Parameter> p : nin.block().getParameters()) {
            values.add(p.getValue().getArray().toFloatArray());
        }
        return values;
    }

    @Test
    void theSameSeedGivesTheSameInitialisationAndAnotherSeedAnother() {
        try (NinModel a = small(fp32()).optSeed(7).build();
                NinModel b = small(fp32()).optSeed(7).build();
                NinModel c = small(fp32()).optSeed(8).build()) {
            assertThat(parameters(a)).usingRecursiveComparison().isEqualTo(parameters(b));
            assertThat(parameters(a).get(0)).isNotEqualTo(parameters(c).get(0));
            NDArray images = a.manager().randomUniform(0f, 1f, INPUT);
            assertThat(a.logits(new NDList(images)).getShape()).isEqualTo(new Shape(2, 10));
        }
    }

    @Test
    void thePlanChoosesHowTheBlocksComputeWhenTheyAreBuilt() {
        ComputePlan bf16 =
                ComputePlan.unchecked(Device.cpu(), ConvolutionLayout.NCHW, Precision.BF16);
        // bf16 computes in channels-last, whatever layout was named.
        assertThat(bf16.layout()).isEqualTo(ConvolutionLayout.CHANNELS_LAST);
        assertThat(bf16.right()).isFalse();
        try (NinModel nin = small(bf16).optSeed(1).build()) {
            assertThat(nin.network().ninBlocks()).allMatch(b -> b instanceof Bf16NinBlock);
            assertThat(nin.plan()).isSameAs(bf16);
        }
        try (NinModel nin = small(fp32()).optSeed(1).build()) {
            assertThat(nin.network().ninBlocks()).noneMatch(b -> b instanceof Bf16NinBlock);
            assertThat(nin.network().getConvolutionLayout())
                    .isEqualTo(CheckedLayout.onThisMachine());
        }
    }

    @Test
    void parametersAreLoadedFromTheSourceAfterInitialising() {
        try (NinModel source = small(fp32()).optSeed(3).build();
                NinModel loaded =
                        small(fp32())
                                .optSeed(4)
                                .optParameters(
                                        model -> {
                                            List<Parameter> from =
                                                    source.block().getParameters().values();
                                            List<Parameter> to =
                                                    model.getBlock().getParameters().values();
                                            for (int i = 0; i < to.size(); i++) {
                                                to.get(i)
                                                        .getArray()
                                                        .set(
                                                                new ai.djl.ndarray.index.NDIndex(
                                                                        "..."),
                                                                from.get(i).getArray());
                                            }
                                        })
                                .build()) {
            assertThat(parameters(loaded)).usingRecursiveComparison().isEqualTo(parameters(source));
        }
    }

    @Test
    void anInputTooSmallIsRefusedInOneLine() {
        assertThatThrownBy(
                        () ->
                                NinModel.builder()
                                        .setArchitecture(NinArchitecture.seed())
                                        .setInputShape(new Shape(1, 1, 28, 28))
                                        .setPlan(fp32())
                                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the smallest input it accepts is 1x67x67");
    }

    @Test
    void aPlanNeedsAVerdictThatFoundItRight() {
        ComputePlan checked = ComputeChoice.defaults().plan(SMALL, 20);
        assertThat(checked.right()).isTrue();
        assertThat(checked.verdict().layout()).isEqualTo(checked.layout());
        assertThat(checked.precision()).isEqualTo(Precision.FP32);
        assertThat(ComputeChoice.defaults().forced()).isFalse();
        assertThat(
                        ComputeChoice.defaults()
                                .withPrecision(io.github.nin4j.precision.PrecisionChoice.BF16)
                                .forced())
                .isTrue();
    }
}
