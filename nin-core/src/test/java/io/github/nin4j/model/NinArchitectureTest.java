package io.github.nin4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.github.nin4j.base.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NinArchitectureTest {

    /** The seed's printed table, shapes copied from the lecture notes. */
    private static final List<String> SEED_TABLE =
            List.of(
                    "Sequential (1, 96, 54, 54)",
                    "MaxPool2d (1, 96, 26, 26)",
                    "Sequential (1, 256, 26, 26)",
                    "MaxPool2d (1, 256, 12, 12)",
                    "Sequential (1, 384, 12, 12)",
                    "MaxPool2d (1, 384, 5, 5)",
                    "Dropout (1, 384, 5, 5)",
                    "Sequential (1, 10, 5, 5)",
                    "AdaptiveAvgPool2d (1, 10, 1, 1)",
                    "Flatten (1, 10)");

    @Test
    void seedShapesMatchTheLectureLineByLine() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NinNetwork net = NinArchitecture.seed().newNetwork();
            Shape input = new Shape(1, 1, 224, 224);
            net.initialize(manager, input);
            List<String> table =
                    net.summarize(input).stream()
                            .map(r -> r.kind().torchName() + " " + r.outputShape())
                            .toList();
            assertThat(table).containsExactlyElementsOf(SEED_TABLE);
        }
    }

    @Test
    void seedParameterCountsPerBlockAndTotal() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NinNetwork net = NinArchitecture.seed().newNetwork();
            net.initialize(manager, new Shape(1, 1, 224, 224));
            List<Long> blockParams =
                    net.getLayers().stream()
                            .filter(l -> l.kind() == LayerKind.NIN_BLOCK)
                            .map(l -> ParameterCount.of(l.block()))
                            .toList();
            // conv k×k + two 1×1 convs, weights and biases, by hand:
            // 96·1·121+96 + 2·(96·96+96) = 30,336; 256·96·25+256 + 2·(256·256+256) = 746,240;
            // 384·256·9+384 + 2·(384·384+384) = 1,180,800; 10·384·9+10 + 2·(10·10+10) = 34,790.
            assertThat(blockParams).containsExactly(30_336L, 746_240L, 1_180_800L, 34_790L);
            assertThat(ParameterCount.of(net.getBlock())).isEqualTo(1_992_166L);
        }
    }

    @Test
    void multiplyAddsOfTheFirstBlockByHand() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NinNetwork net = NinArchitecture.seed().newNetwork();
            Shape input = new Shape(1, 1, 224, 224);
            net.initialize(manager, input);
            // 54·54 output pixels × (96·1·11·11 + 2·96·96) weights
            assertThat(net.summarize(input).get(0).multiplyAdds())
                    .isEqualTo(54L * 54 * (96 * 121 + 2 * 96 * 96));
        }
    }

    @Test
    void initialisationFollowsPytorchBounds() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NinNetwork net = NinArchitecture.seed().newNetwork();
            net.initialize(manager, new Shape(1, 1, 224, 224));
            Block first = net.getLayers().get(0).block();
            Parameter weight = first.getChildren().get(0).getValue().getParameters().get("weight");
            Parameter bias = first.getChildren().get(0).getValue().getParameters().get("bias");
            double xavier = TorchInitialization.xavierBound(121, 96 * 121);
            double biasBound = TorchInitialization.biasBound(121);
            assertThat(xavier).isCloseTo(Math.sqrt(6.0 / (121 + 11_616)), within(1e-12));
            NDArray w = weight.getArray();
            assertThat(w.max().getFloat()).isLessThanOrEqualTo((float) xavier);
            assertThat(w.min().getFloat()).isGreaterThanOrEqualTo((float) -xavier);
            // Uniform on ±bound: with 11,616 draws the extremes come close to the bound.
            assertThat(w.abs().max().getFloat()).isGreaterThan((float) (0.99 * xavier));
            NDArray b = bias.getArray();
            assertThat(b.abs().max().getFloat()).isLessThanOrEqualTo((float) biasBound);
            assertThat(b.abs().max().getFloat()).isGreaterThan((float) (0.5 * biasBound));
            assertThat(b.eq(0).sum().getLong()).isZero();

            // A 1×1 conv of the second block: fan_in = 256, fan_out = 256.
            Block second = net.getLayers().get(2).block();
            NDArray w2 =
                    second.getChildren().get(2).getValue().getParameters().get("weight").getArray();
            double bound2 = TorchInitialization.xavierBound(256, 256);
            assertThat(w2.abs().max().getFloat())
                    .isBetween((float) (0.99 * bound2), (float) bound2);
        }
    }

    @Test
    void forwardGivesFiniteLogitsInTrainingAndEvaluation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NinNetwork net = NinArchitecture.builder().optClasses(7).build().newNetwork();
            Shape input = new Shape(3, 1, 96, 96);
            net.initialize(manager, input);
            NDArray x = manager.randomUniform(0, 1, input);
            ParameterStore ps = new ParameterStore(manager, false);
            for (boolean training : new boolean[] {true, false}) {
                NDArray logits = net.getBlock().forward(ps, new NDList(x), training).head();
                assertThat(logits.getShape()).isEqualTo(new Shape(3, 7));
                assertThat(logits.isInfinite().any().getBoolean()).isFalse();
                assertThat(logits.isNaN().any().getBoolean()).isFalse();
            }
        }
    }

    @Test
    void minimumInputSideIsComputedFromTheLayers() {
        NinArchitecture seed = NinArchitecture.seed();
        assertThat(seed.minimumInputSide()).isEqualTo(67);
        assertThat(seed.accepts(66)).isFalse();
        assertThat(seed.accepts(67)).isTrue();
        assertThat(seed.accepts(28)).isFalse();
        // A first block of stride 1 and padding 1 keeps the side: pools need 15 = 2·(2·3+1)+1.
        NinArchitecture small =
                NinArchitecture.builder()
                        .optBlocks(
                                List.of(
                                        new BlockSpec(8, 3, 1, 1),
                                        new BlockSpec(8, 3, 1, 1),
                                        new BlockSpec(8, 3, 1, 1),
                                        new BlockSpec(10, 3, 1, 1)))
                        .build();
        assertThat(small.minimumInputSide()).isEqualTo(15);
    }

    @Test
    void tooSmallInputNamesTheSmallestThatWorks() {
        assertThatThrownBy(() -> NinArchitecture.seed().checkInput(1, 28, 28))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1x28x28")
                .hasMessageContaining("smallest input it accepts is 1x67x67");
    }

    @Test
    void builderValidatesAndOverridesClasses() {
        assertThat(NinArchitecture.builder().optClasses(5).build().classes()).isEqualTo(5);
        assertThatThrownBy(() -> NinArchitecture.builder().optDropout(1.0).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dropout");
        assertThatThrownBy(() -> NinArchitecture.builder().optBlocks(List.of()).build())
                .hasMessageContaining("at least one block");
        assertThatThrownBy(() -> BlockSpec.parse("96:11:4"))
                .hasMessageContaining("CHANNELS:KERNEL:STRIDE:PADDING");
        assertThat(BlockSpec.parse("96:11:4:0")).isEqualTo(new BlockSpec(96, 11, 4, 0));
    }

    private static org.assertj.core.data.Offset<Double> within(double v) {
        return org.assertj.core.data.Offset.offset(v);
    }
}
