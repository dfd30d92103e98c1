package io.github.nin4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.Head;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinNetwork;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TorchStateDictTest {

    /**
     * {@code [f"{k} {tuple(v.shape)}" for k, v in net.state_dict().items()]} for the seed's {@code
     * net}, printed by PyTorch 1.13.
     */
    private static final List<String> SEED_STATE_DICT =
            List.of(
                    "0.0.weight (96, 1, 11, 11)",
                    "0.0.bias (96,)",
                    "0.2.weight (96, 96, 1, 1)",
                    "0.2.bias (96,)",
                    "0.4.weight (96, 96, 1, 1)",
                    "0.4.bias (96,)",
                    "2.0.weight (256, 96, 5, 5)",
                    "2.0.bias (256,)",
                    "2.2.weight (256, 256, 1, 1)",
                    "2.2.bias (256,)",
                    "2.4.weight (256, 256, 1, 1)",
                    "2.4.bias (256,)",
                    "4.0.weight (384, 256, 3, 3)",
                    "4.0.bias (384,)",
                    "4.2.weight (384, 384, 1, 1)",
                    "4.2.bias (384,)",
                    "4.4.weight (384, 384, 1, 1)",
                    "4.4.bias (384,)",
                    "7.0.weight (10, 384, 3, 3)",
                    "7.0.bias (10,)",
                    "7.2.weight (10, 10, 1, 1)",
                    "7.2.bias (10,)",
                    "7.4.weight (10, 10, 1, 1)",
                    "7.4.bias (10,)");

    /**
     * The same for {@code nin_net(head="fully-connected")} of bench/seed_nin.py after a forward
     * pass on a 1×1×96×96 input, which sizes its first (lazy) linear layer: 384 = 384·1·1 features.
     */
    private static final List<String> FULLY_CONNECTED_STATE_DICT_AT_96 =
            List.of(
                    "0.0.weight (96, 1, 11, 11)",
                    "0.0.bias (96,)",
                    "0.2.weight (96, 96, 1, 1)",
                    "0.2.bias (96,)",
                    "0.4.weight (96, 96, 1, 1)",
                    "0.4.bias (96,)",
                    "2.0.weight (256, 96, 5, 5)",
                    "2.0.bias (256,)",
                    "2.2.weight (256, 256, 1, 1)",
                    "2.2.bias (256,)",
                    "2.4.weight (256, 256, 1, 1)",
                    "2.4.bias (256,)",
                    "4.0.weight (384, 256, 3, 3)",
                    "4.0.bias (384,)",
                    "4.2.weight (384, 384, 1, 1)",
                    "4.2.bias (384,)",
                    "4.4.weight (384, 384, 1, 1)",
                    "4.4.bias (384,)",
                    "7.weight (4096, 384)",
                    "7.bias (4096,)",
                    "10.weight (4096, 4096)",
                    "10.bias (4096,)",
                    "13.weight (10, 4096)",
                    "13.bias (10,)");

    /**
     * {@link #SMALL} with a fully-connected head: the first linear layer takes 24·1·1 features at
     * 67 pixels, 24·2·2 at 99.
     */
    private static final NinArchitecture SMALL_FULLY_CONNECTED =
            NinArchitecture.builder()
                    .optBlocks(
                            List.of(
                                    BlockSpec.parse("8:11:4:0"),
                                    BlockSpec.parse("16:5:1:2"),
                                    BlockSpec.parse("24:3:1:1"),
                                    BlockSpec.parse("10:3:1:1")))
                    .optHead(Head.FULLY_CONNECTED)
                    .build();

    private static final NinArchitecture SMALL =
            NinArchitecture.builder()
                    .optBlocks(
                            List.of(
                                    BlockSpec.parse("8:11:4:0"),
                                    BlockSpec.parse("16:5:1:2"),
                                    BlockSpec.parse("24:3:1:1"),
                                    BlockSpec.parse("10:3:1:1")))
                    .build();

    @Test
    void seedKeysAndShapesAreThoseOfPytorchsStateDict() {
        Map<String, Shape> shapes = TorchStateDict.of(NinArchitecture.seed()).shapes();
        assertThat(shapes.entrySet().stream().map(e -> e.getKey() + " " + python(e.getValue())))
                .containsExactlyElementsOf(SEED_STATE_DICT);
    }

    @Test
    void blocksAreIndexedAsInTheSeedsSequentialForAnyNumberOfBlocks() {
        // PyTorch, for nin(3, blocks) in generators/make_parity_fixture.py: a lone block comes
        // after
        // the dropout; with two, the second comes after a max-pool and the dropout.
        NinArchitecture one =
                NinArchitecture.builder()
                        .optInputChannels(3)
                        .optBlocks(List.of(BlockSpec.parse("10:3:1:1")))
                        .build();
        NinArchitecture two =
                NinArchitecture.builder()
                        .optInputChannels(3)
                        .optBlocks(
                                List.of(BlockSpec.parse("8:11:4:0"), BlockSpec.parse("10:3:1:1")))
                        .build();
        assertThat(weightKeys(one)).containsExactly("1.0.weight", "1.2.weight", "1.4.weight");
        assertThat(weightKeys(two))
                .containsExactly(
                        "0.0.weight",
                        "0.2.weight",
                        "0.4.weight",
                        "3.0.weight",
                        "3.2.weight",
                        "3.4.weight");
        assertThat(TorchStateDict.of(one).shapes().get("1.0.weight"))
                .isEqualTo(new Shape(10, 3, 3, 3));
    }

    @Test
    void stateDictIsTheNetworksOwnParametersWithTheExpectedShapes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NinNetwork network = SMALL.newNetwork();
            network.initialize(manager, new Shape(1, 1, 67, 67));
            TorchStateDict layout = TorchStateDict.of(SMALL);
            Map<String, NDArray> stateDict = layout.toStateDict(network);

            assertThat(TorchStateDict.shapesOf(stateDict)).isEqualTo(layout.shapes());
            // Every parameter array of the network appears exactly once, itself, not a copy.
            List<NDArray> parameters =
                    network.getBlock().getParameters().values().stream()
                            .map(Parameter::getArray)
                            .toList();
            assertThat(stateDict.values())
                    .usingElementComparator((a, b) -> a == b ? 0 : 1)
                    .containsExactlyInAnyOrderElementsOf(parameters);
        }
    }

    @Test
    void loadCopiesEveryValueIntoTheNetwork() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TorchStateDict layout = TorchStateDict.of(SMALL);
            NinNetwork source = initialised(manager);
            NinNetwork target = initialised(manager);
            Map<String, NDArray> weights = layout.toStateDict(source);

            layout.load(target, weights);

            assertThat(layout.toStateDict(target))
                    .allSatisfy(
                            (key, array) ->
                                    assertThat(array.toFloatArray())
                                            .containsExactly(weights.get(key).toFloatArray()));
        }
    }

    @Test
    void loadNamesEveryMissingUnexpectedAndMisshapenEntryAndChangesNothing() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TorchStateDict layout = TorchStateDict.of(SMALL);
            NinNetwork network = initialised(manager);
            float[] before = layout.toStateDict(network).get("0.0.weight").toFloatArray();
            Map<String, NDArray> weights = copies(layout.toStateDict(network));
            weights.remove("4.2.weight");
            weights.remove("7.4.bias");
            weights.put("6.0.weight", manager.zeros(new Shape(2, 2)));
            weights.put("0.0.weight", manager.zeros(new Shape(8, 3, 11, 11)));
            weights.put("2.0.bias", manager.zeros(new Shape(17)));

            assertThatThrownBy(() -> layout.load(network, weights))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage(
                            "weights do not fit the NiN with blocks"
                                    + " 8:11:4:0,16:5:1:2,24:3:1:1,10:3:1:1 on 1 input channel(s):"
                                    + " missing 4.2.weight, 7.4.bias; unexpected 6.0.weight;"
                                    + " misshapen 0.0.weight is (8, 3, 11, 11) not (8, 1, 11, 11),"
                                    + " 2.0.bias is (17) not (16)");
            assertThat(layout.toStateDict(network).get("0.0.weight").toFloatArray())
                    .containsExactly(before);
        }
    }

    @Test
    void loadRejectsValuesThatAreNotFloat32() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TorchStateDict layout = TorchStateDict.of(SMALL);
            NinNetwork network = initialised(manager);
            Map<String, NDArray> weights = copies(layout.toStateDict(network));
            weights.put("7.0.bias", weights.get("7.0.bias").toType(DataType.FLOAT64, true));

            assertThatThrownBy(() -> layout.load(network, weights))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageEndingWith(": not float32: 7.0.bias (float64)");
        }
    }

    @Test
    void infersTheSeedAndNarrowerVariantsOfIt() {
        assertThat(
                        TorchStateDict.inferArchitecture(
                                TorchStateDict.of(NinArchitecture.seed()).shapes()))
                .isEqualTo(NinArchitecture.seed());
        assertThat(TorchStateDict.inferArchitecture(TorchStateDict.of(SMALL).shapes()))
                .isEqualTo(SMALL);
        NinArchitecture threeBlocks =
                NinArchitecture.builder()
                        .optInputChannels(3)
                        .optBlocks(NinArchitecture.seed().blocks().subList(0, 3))
                        .build();
        assertThat(TorchStateDict.inferArchitecture(TorchStateDict.of(threeBlocks).shapes()))
                .isEqualTo(threeBlocks);
    }

    @Test
    void inferenceRefusesToGuessStridesAndPaddingsTheSeedDoesNotHave() {
        NinArchitecture otherKernel =
                NinArchitecture.builder()
                        .optBlocks(List.of(BlockSpec.parse("8:7:2:3"), BlockSpec.parse("10:3:1:1")))
                        .build();
        assertThatThrownBy(
                        () ->
                                TorchStateDict.inferArchitecture(
                                        TorchStateDict.of(otherKernel).shapes()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(
                        "block 0 (0.0.weight) has a 7x7 kernel where the seed's has 11x11, so"
                                + " its stride and padding are unknown")
                .hasMessageContaining("give the architecture explicitly");
    }

    @Test
    void inferenceNamesWhatDoesNotFitANin() {
        Map<String, Shape> seed =
                new LinkedHashMap<>(TorchStateDict.of(NinArchitecture.seed()).shapes());
        seed.remove("7.2.bias");
        seed.put("running_mean", new Shape(10));
        assertThatThrownBy(() -> TorchStateDict.inferArchitecture(seed))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith(": missing 7.2.bias; unexpected running_mean");
        assertThatThrownBy(
                        () ->
                                TorchStateDict.inferArchitecture(
                                        Map.of("fc.weight", new Shape(10, 4))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "no NiN parameters among the entries fc.weight; a NiN's state_dict has"
                                + " keys such as 0.0.weight");
    }

    @Test
    void fullyConnectedKeysAndShapesAreThoseOfPytorchsStateDict() {
        NinArchitecture architecture =
                NinArchitecture.builder().optHead(Head.FULLY_CONNECTED).build();
        TorchStateDict layout = TorchStateDict.of(architecture);
        // The first linear layer's input width depends on the image: the layout leaves it open.
        assertThat(layout.shapes().get("7.weight")).isEqualTo(new Shape(4096, -1));
        try (NDManager manager = NDManager.newBaseManager()) {
            NinNetwork network = architecture.newNetwork();
            network.initialize(manager, new Shape(1, 1, 96, 96));
            Map<String, Shape> shapes = TorchStateDict.shapesOf(layout.toStateDict(network));
            assertThat(shapes.entrySet().stream().map(e -> e.getKey() + " " + python(e.getValue())))
                    .containsExactlyElementsOf(FULLY_CONNECTED_STATE_DICT_AT_96);
            layout.check(shapes);
        }
    }

    @Test
    void pointwiseConvolutionsAreEveryOtherChildOfTheirBlock() {
        assertThat(weightKeys(NinArchitecture.builder().optPointwise(0).build()))
                .containsExactly("0.0.weight", "2.0.weight", "4.0.weight", "7.0.weight");
        assertThat(weightKeys(NinArchitecture.builder().optPointwise(3).build()))
                .startsWith("0.0.weight", "0.2.weight", "0.4.weight", "0.6.weight", "2.0.weight")
                .hasSize(16);
    }

    @Test
    void variantsGoThroughAStateDictAndBack() {
        NinArchitecture pointwise = NinArchitecture.builder().optPointwise(1).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (NinArchitecture architecture : List.of(pointwise, SMALL_FULLY_CONNECTED)) {
                TorchStateDict layout = TorchStateDict.of(architecture);
                NinNetwork source = architecture.newNetwork();
                source.initialize(manager, new Shape(1, 1, 67, 67));
                NinNetwork target = architecture.newNetwork();
                target.initialize(manager, new Shape(1, 1, 67, 67));
                Map<String, NDArray> weights = layout.toStateDict(source);
                // Every parameter of the network, the linear layers' included, has a key.
                assertThat(weights).hasSize(source.getBlock().getParameters().size());

                layout.load(target, weights);

                // contentEquals: AssertJ's containsExactly takes minutes over 4096·4096 values.
                assertThat(layout.toStateDict(target))
                        .allSatisfy(
                                (key, array) ->
                                        assertThat(array.contentEquals(weights.get(key)))
                                                .as(key)
                                                .isTrue());
            }
        }
    }

    @Test
    void loadHoldsAFullyConnectedHeadToTheNetworksInputSize() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TorchStateDict layout = TorchStateDict.of(SMALL_FULLY_CONNECTED);
            NinNetwork at99 = SMALL_FULLY_CONNECTED.newNetwork();
            at99.initialize(manager, new Shape(1, 1, 99, 99));
            NinNetwork at67 = SMALL_FULLY_CONNECTED.newNetwork();
            at67.initialize(manager, new Shape(1, 1, 67, 67));
            Map<String, NDArray> weights = layout.toStateDict(at99);

            layout.check(TorchStateDict.shapesOf(weights));
            assertThatThrownBy(() -> layout.load(at67, weights))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage(
                            "weights do not fit the NiN with blocks"
                                    + " 8:11:4:0,16:5:1:2,24:3:1:1,10:3:1:1, fully-connected head"
                                    + " on 1 input channel(s): misshapen 7.weight is (4096, 96)"
                                    + " not (4096, 24)");
        }
    }

    @Test
    void infersTheNumberOfPointwiseConvolutions() {
        for (int pointwise : new int[] {0, 1, 3}) {
            NinArchitecture architecture =
                    NinArchitecture.builder().optPointwise(pointwise).build();
            assertThat(TorchStateDict.inferArchitecture(TorchStateDict.of(architecture).shapes()))
                    .isEqualTo(architecture);
        }
        // A block with fewer 1×1 convolutions than the first is named, not guessed.
        Map<String, Shape> uneven =
                new LinkedHashMap<>(TorchStateDict.of(NinArchitecture.seed()).shapes());
        uneven.remove("7.4.weight");
        uneven.remove("7.4.bias");
        assertThatThrownBy(() -> TorchStateDict.inferArchitecture(uneven))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith(": missing 7.4.weight, 7.4.bias");
    }

    @Test
    void inferenceRefusesAFullyConnectedHeadInOneLine() {
        Map<String, Shape> shapes =
                new LinkedHashMap<>(TorchStateDict.of(SMALL_FULLY_CONNECTED).shapes());
        shapes.put("7.weight", new Shape(4096, 24));
        assertThatThrownBy(() -> TorchStateDict.inferArchitecture(shapes))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "cannot infer the NiN architecture: 7.weight, 7.bias, 10.weight,"
                                + " 10.bias, 13.weight, 13.bias belong to fully-connected layers,"
                                + " and only"
                                + " the global pooling head is inferred; give the architecture"
                                + " explicitly, with its fully-connected head");
    }

    private static NinNetwork initialised(NDManager manager) {
        NinNetwork network = SMALL.newNetwork();
        network.initialize(manager, new Shape(1, 1, 67, 67));
        return network;
    }

    private static Map<String, NDArray> copies(Map<String, NDArray> stateDict) {
        Map<String, NDArray> copies = new LinkedHashMap<>();
        stateDict.forEach((key, array) -> copies.put(key, array.duplicate()));
        return copies;
    }

    private static List<String> weightKeys(NinArchitecture architecture) {
        return TorchStateDict.of(architecture).shapes().keySet().stream()
                .filter(k -> k.endsWith(".weight"))
                .toList();
    }

    /** A shape as Python prints a tuple: {@code (96,)}, {@code (96, 1, 11, 11)}. */
    private static String python(Shape shape) {
        String dims =
                Arrays.stream(shape.getShape())
                        .mapToObj(Long::toString)
                        .collect(Collectors.joining(", "));
        return "(" + dims + (shape.dimension() == 1 ? ",)" : ")");
    }
}
