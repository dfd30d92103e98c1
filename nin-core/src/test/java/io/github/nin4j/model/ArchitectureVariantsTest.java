package io.github.nin4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.nin4j.base.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chapter's exercises: other numbers of 1×1 convolutions, and a fully-connected head. */
class ArchitectureVariantsTest {

    private static final NinArchitecture FULLY_CONNECTED =
            NinArchitecture.builder().optHead(Head.FULLY_CONNECTED).build();

    /**
     * {@code print(type(layer).__name__, tuple(X.shape))} over the layers of a PyTorch 1.13 {@code
     * nn.Sequential}: the seed's first three blocks and pools, then {@code nn.Flatten(),
     * nn.LazyLinear(4096), nn.ReLU(), nn.Dropout(0.5), nn.LazyLinear(4096), nn.ReLU(),
     * nn.Dropout(0.5), nn.LazyLinear(10)} ({@code nin_net(head="fully-connected")} in
     * bench/seed_nin.py), on a 1×1×224×224 input.
     */
    private static final List<String> FULLY_CONNECTED_TABLE =
            List.of(
                    "Sequential (1, 96, 54, 54)",
                    "MaxPool2d (1, 96, 26, 26)",
                    "Sequential (1, 256, 26, 26)",
                    "MaxPool2d (1, 256, 12, 12)",
                    "Sequential (1, 384, 12, 12)",
                    "MaxPool2d (1, 384, 5, 5)",
                    "Flatten (1, 9600)",
                    "Linear (1, 4096)",
                    "ReLU (1, 4096)",
                    "Dropout (1, 4096)",
                    "Linear (1, 4096)",
                    "ReLU (1, 4096)",
                    "Dropout (1, 4096)",
                    "Linear (1, 10)");

    /**
     * Parameter counts of PyTorch's networks, {@code sum(p.numel() for p in net.parameters())}
     * after one forward pass on zeros of the input's shape (which sizes the lazy linear layers),
     * for {@code nin_net(pointwise, head)} of bench/seed_nin.py under PyTorch 1.13. The global
     * pooling networks have the same count at 96 and 224 pixels.
     */
    @Test
    void parameterCountsAreThoseOfPytorch() {
        assertThat(parameters(NinArchitecture.seed(), 96)).isEqualTo(1_992_166L);
        assertThat(parameters(pointwise(0), 96)).isEqualTo(1_546_058L);
        assertThat(parameters(pointwise(1), 96)).isEqualTo(1_769_112L);
        assertThat(parameters(pointwise(3), 96)).isEqualTo(2_215_220L);
        assertThat(parameters(FULLY_CONNECTED, 96)).isEqualTo(20_356_618L);
        assertThat(parameters(FULLY_CONNECTED, 224)).isEqualTo(58_105_354L);
        assertThat(
                        parameters(
                                NinArchitecture.builder()
                                        .optHead(Head.FULLY_CONNECTED)
                                        .optPointwise(0)
                                        .build(),
                                96))
                .isEqualTo(19_910_730L);
    }

    @Test
    void theSeedIsTheDefaultOfEveryVariantOption() {
        assertThat(NinArchitecture.seed().pointwise()).isEqualTo(2);
        assertThat(NinArchitecture.seed().head()).isEqualTo(Head.GLOBAL_AVERAGE_POOL);
        assertThat(NinArchitecture.seed())
                .isEqualTo(
                        NinArchitecture.builder()
                                .optPointwise(2)
                                .optHead(Head.GLOBAL_AVERAGE_POOL)
                                .build());
        assertThat(NinArchitecture.seed().variantNote()).isEmpty();
        assertThat(
                        NinArchitecture.builder()
                                .optPointwise(3)
                                .optHead(Head.FULLY_CONNECTED)
                                .build()
                                .variantNote())
                .isEqualTo(", 3 1x1 convolutions per block, fully-connected head");
    }

    @Test
    void fullyConnectedHeadShapesMatchPytorchLineByLine() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NinNetwork net = FULLY_CONNECTED.newNetwork();
            Shape input = new Shape(1, 1, 224, 224);
            net.initialize(manager, input);
            List<LayerSummary> rows = net.summarize(input);
            assertThat(rows.stream().map(r -> r.kind().torchName() + " " + r.outputShape()))
                    .containsExactlyElementsOf(FULLY_CONNECTED_TABLE);
            // A linear layer's multiply-adds are its weights: 9600·4096, 4096·4096, 4096·10.
            assertThat(
                            rows.stream()
                                    .filter(r -> r.kind() == LayerKind.LINEAR)
                                    .map(LayerSummary::multiplyAdds))
                    .containsExactly(9600L * 4096, 4096L * 4096, 4096L * 10);
            assertThat(FULLY_CONNECTED.classes()).isEqualTo(10);
            assertThat(FULLY_CONNECTED.ninBlocks()).hasSize(3);
        }
    }

    @Test
    void pointwiseSetsTheConvolutionsOfEveryBlock() {
        for (int pointwise : new int[] {0, 1, 3}) {
            NinNetwork net =
                    pointwise(pointwise)
                            .newNetwork(NinBlockFactory.float32(ConvolutionLayout.CHANNELS_LAST));
            assertThat(net.convolutions()).hasSize(4 * (1 + pointwise));
            for (Layer layer : net.getLayers()) {
                if (layer.kind() == LayerKind.NIN_BLOCK) {
                    // Conv2d and ReLU, then a 1×1 Conv2d and a ReLU per pointwise convolution.
                    assertThat(layer.block().getChildren().size()).isEqualTo(2 * (1 + pointwise));
                }
            }
            assertThat(net.convolutions())
                    .allMatch(c -> c.getLayout() == ConvolutionLayout.CHANNELS_LAST);
        }
        NinNetwork fullyConnected =
                FULLY_CONNECTED.newNetwork(
                        NinBlockFactory.float32(ConvolutionLayout.CHANNELS_LAST));
        assertThat(fullyConnected.convolutions()).hasSize(9);
        assertThat(fullyConnected.getConvolutionLayout())
                .isEqualTo(ConvolutionLayout.CHANNELS_LAST);
    }

    @Test
    void pointwiseChangesMultiplyAddsAndNotShapes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NinNetwork net = pointwise(0).newNetwork();
            Shape input = new Shape(1, 1, 224, 224);
            net.initialize(manager, input);
            List<LayerSummary> rows = net.summarize(input);
            // 54·54 output pixels × 96·1·11·11 weights, and no 1×1 convolution.
            assertThat(rows.get(0).multiplyAdds()).isEqualTo(54L * 54 * 96 * 121);
            assertThat(rows.get(rows.size() - 1).outputShape()).isEqualTo(new Shape(1, 10));
        }
        assertThat(pointwise(0).minimumInputSide()).isEqualTo(67);
        assertThat(FULLY_CONNECTED.minimumInputSide()).isEqualTo(67);
    }

    @Test
    void linearLayersAreInitialisedAsPytorchDoes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Seeded: the last layer has only 10 biases, and an unseeded draw put all of them
            // below half the bound about once in a thousand runs (it happened in CI's clone).
            Engine.getInstance().setRandomSeed(1);
            NinNetwork net = FULLY_CONNECTED.newNetwork();
            net.initialize(manager, new Shape(1, 1, 96, 96));
            List<Block> linear =
                    net.getLayers().stream()
                            .filter(l -> l.kind() == LayerKind.LINEAR)
                            .map(Layer::block)
                            .toList();
            // At 96 pixels the first linear layer takes 384 features: 384·1·1.
            long[][] fans = {{384, 4096}, {4096, 4096}, {4096, 10}};
            for (int i = 0; i < fans.length; i++) {
                NDArray w = linear.get(i).getParameters().get("weight").getArray();
                NDArray b = linear.get(i).getParameters().get("bias").getArray();
                assertThat(w.getShape()).isEqualTo(new Shape(fans[i][1], fans[i][0]));
                double xavier = TorchInitialization.xavierBound(fans[i][0], fans[i][1]);
                double biasBound = TorchInitialization.biasBound(fans[i][0]);
                // Uniform on ±bound: with 40,960 draws or more the extremes come close to it.
                assertThat(w.abs().max().getFloat())
                        .isBetween((float) (0.99 * xavier), (float) xavier);
                assertThat(b.abs().max().getFloat())
                        .isLessThanOrEqualTo((float) biasBound)
                        .isGreaterThan((float) (0.5 * biasBound));
            }
        }
    }

    @Test
    void fullyConnectedForwardGivesOneScorePerClass() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NinArchitecture architecture =
                    NinArchitecture.builder()
                            .optBlocks(
                                    List.of(
                                            new BlockSpec(8, 11, 4, 0),
                                            new BlockSpec(8, 5, 1, 2),
                                            new BlockSpec(7, 3, 1, 1)))
                            .optHead(Head.FULLY_CONNECTED)
                            .optPointwise(1)
                            .build();
            NinNetwork net = architecture.newNetwork();
            Shape input = new Shape(2, 1, 67, 67);
            net.initialize(manager, input);
            NDArray x = manager.randomUniform(0, 1, input);
            ParameterStore ps = new ParameterStore(manager, false);
            for (boolean training : new boolean[] {true, false}) {
                NDArray logits = net.getBlock().forward(ps, new NDList(x), training).head();
                assertThat(logits.getShape()).isEqualTo(new Shape(2, 7));
                assertThat(logits.isNaN().any().getBoolean()).isFalse();
            }
        }
    }

    @Test
    void tooSmallInputNamesTheFullyConnectedLayers() {
        assertThatThrownBy(() -> FULLY_CONNECTED.checkInput(1, 40, 40))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "input 1x40x40 is too small for this network: it shrinks to nothing"
                                + " before the fully-connected layers; the smallest input it"
                                + " accepts is 1x67x67");
    }

    @Test
    void outOfRangeVariantsAreOneLineErrors() {
        assertThatThrownBy(() -> pointwise(-1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "a NiN block has 0 to 8 1x1 convolutions (pointwise), got -1; the seed"
                                + " has 2");
        assertThatThrownBy(() -> pointwise(9)).hasMessageContaining("got 9");
        assertThatThrownBy(
                        () ->
                                NinArchitecture.builder()
                                        .optBlocks(List.of(new BlockSpec(10, 3, 1, 1)))
                                        .optHead(Head.FULLY_CONNECTED)
                                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "a fully-connected head replaces the last NiN block, so it needs at"
                                + " least 2 blocks, got 1");
        assertThatThrownBy(() -> NinArchitecture.builder().optHead(null).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs a head");
    }

    @Test
    void headsParseFromTheirCommandLineNames() {
        assertThat(Head.parse("global-pool")).isEqualTo(Head.GLOBAL_AVERAGE_POOL);
        assertThat(Head.parse("fully-connected")).isEqualTo(Head.FULLY_CONNECTED);
        assertThat(Head.FULLY_CONNECTED.cliName()).isEqualTo("fully-connected");
        assertThatThrownBy(() -> Head.parse("dense"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("head must be global-pool or fully-connected, got 'dense'");
    }

    private static NinArchitecture pointwise(int pointwise) {
        return NinArchitecture.builder().optPointwise(pointwise).build();
    }

    private static long parameters(NinArchitecture architecture, int side) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NinNetwork net = architecture.newNetwork();
            net.initialize(manager, new Shape(1, 1, side, side));
            return ParameterCount.of(net.getBlock());
        }
    }
}
