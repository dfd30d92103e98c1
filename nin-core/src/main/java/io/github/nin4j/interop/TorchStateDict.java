package io.github.nin4j.interop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.Head;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinNetwork;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A NiN's parameters under the names PyTorch gives them: the keys of {@code state_dict()} of the
 * seed's {@code nn.Sequential} (d2l lecture 26; Dive into Deep Learning, section "Network in
 * Network (NiN)"), so that {@code net.load_state_dict({k: torch.from_numpy(v) for k, v in
 * np.load(f).items()})} takes what {@link #toStateDict} gives, and {@link #load} takes what {@code
 * net.state_dict()} gives.
 *
 * <p>A convolution's key is {@code <i>.<j>.weight} or {@code <i>.<j>.bias}. {@code i} is the
 * block's position among the network's top-level layers, in the seed's order: for the seed's four
 * blocks, 0, 2, 4 and 7 (the pooling layers and the dropout sit between them and have no
 * parameters). {@code j} is the convolution's position in {@code nin_block}'s {@code nn.Sequential}
 * of Conv2d, ReLU, Conv2d, ReLU, …: 0 for the k×k one, then 2, 4, … for each 1×1 one ({@link
 * NinArchitecture#pointwise()} of them; the seed's 2 and 4), which are also the positions of the
 * convolutions among a {@link io.github.nin4j.model.NinBlock}'s children. Weights are (out, in, kH,
 * kW) in PyTorch's {@code Conv2d} and in DJL's alike, so the arrays travel as they are; biases are
 * (out).
 *
 * <p>With a {@link Head#FULLY_CONNECTED} head, the linear layers sit at the top level of the same
 * {@code nn.Sequential} (blocks and pools, Flatten, Linear, ReLU, Dropout, Linear, ReLU, Dropout,
 * Linear), so their keys are {@code <i>.weight} and {@code <i>.bias}: 7, 10 and 13 after the seed's
 * first three blocks. Weights are (out, in) in {@code nn.Linear} and DJL's {@code Linear} alike.
 * The first one's input width is the flattened feature maps, which grow with the input image: the
 * layout gives it as -1 ({@link #shapes()}), {@link #check} takes any size there, and {@link #load}
 * holds the arrays to the network's own shapes.
 */
public final class TorchStateDict {

    /** {@code <i>.<j>.<weight|bias>}, a convolution's key; captures i and j. */
    private static final Pattern KEY = Pattern.compile("(\\d{1,9})\\.(\\d{1,9})\\.(?:weight|bias)");

    /** {@code <i>.<weight|bias>}, a top-level linear layer's key. */
    private static final Pattern LINEAR_KEY = Pattern.compile("\\d{1,9}\\.(?:weight|bias)");

    /** Position of the k×k convolution in {@code nin_block}'s Sequential. */
    private static final int FIRST_CONV = 0;

    /** The size of a dimension that depends on the input image. */
    private static final long ANY = -1;

    private final NinArchitecture architecture;
    private final Map<String, Shape> shapes;

    private TorchStateDict(NinArchitecture architecture, Map<String, Shape> shapes) {
        this.architecture = architecture;
        this.shapes = Collections.unmodifiableMap(shapes);
    }

    /**
     * The state_dict layout of networks built from {@code architecture}.
     *
     * @param architecture the architecture
     * @return its layout
     */
    public static TorchStateDict of(NinArchitecture architecture) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (NinNetwork.TorchParameter p : architecture.newNetwork().torchParameters()) {
            shapes.put(p.key(), p.shape());
        }
        return new TorchStateDict(architecture, shapes);
    }

    /**
     * Reads the architecture of a NiN from the shapes of its state_dict, for example the entries of
     * an {@code .npz} file exported from the seed's PyTorch code.
     *
     * <p>The shapes give each block's width and kernel, the number of 1×1 convolutions per block
     * and the input's channels. They cannot give a convolution's stride or padding: block {@code b}
     * takes the seed's block {@code b}'s stride and padding when its kernel is the seed's (the
     * seed's sizes with other widths, or fewer blocks). Only the global pooling head is inferred: a
     * fully-connected head's first linear layer does not say which block it replaced. Any other
     * network has to be described by the caller, and its file checked with {@code
     * of(architecture).check(shapes)}. The dropout rate, not a parameter, is the seed's.
     *
     * @param shapes each entry's shape, by key
     * @return the architecture, whose layout {@link #check checks} out against every entry
     * @throws InvalidInputException naming the entries that do not fit a NiN, the fully-connected
     *     layers, or the block whose stride and padding cannot be inferred
     */
    public static NinArchitecture inferArchitecture(Map<String, Shape> shapes) {
        // Each block's top-level position, with its convolutions' positions in the block.
        TreeMap<Integer, Set<Integer>> layers = new TreeMap<>();
        for (String key : shapes.keySet()) {
            Matcher m = KEY.matcher(key);
            if (m.matches()) {
                layers.computeIfAbsent(Integer.parseInt(m.group(1)), layer -> new HashSet<>())
                        .add(Integer.parseInt(m.group(2)));
            }
        }
        if (layers.isEmpty()) {
            throw new InvalidInputException(
                    ("no NiN parameters among the entries %s; a NiN's state_dict has keys such as"
                                    + " 0.0.weight")
                            .formatted(String.join(", ", shapes.keySet())));
        }
        List<String> linear =
                shapes.keySet().stream().filter(k -> LINEAR_KEY.matcher(k).matches()).toList();
        if (!linear.isEmpty()) {
            throw new InvalidInputException(
                    ("cannot infer the NiN architecture: %s belong to fully-connected layers, and"
                                    + " only the global pooling head is inferred; give the"
                                    + " architecture explicitly, with its fully-connected head")
                            .formatted(String.join(", ", linear)));
        }
        // Every block has as many 1×1 convolutions as the first: check() below names any entry of
        // a block that has more or fewer.
        int pointwise = layers.firstEntry().getValue().size() - 1;
        List<BlockSpec> seedBlocks = NinArchitecture.seed().blocks();
        List<BlockSpec> blocks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int inputChannels = 0;
        int block = 0;
        for (int layer : layers.keySet()) {
            String key = layer + "." + FIRST_CONV + ".weight";
            Shape weight = shapes.get(key);
            BlockSpec seed = block < seedBlocks.size() ? seedBlocks.get(block) : null;
            if (weight == null || weight.dimension() != 4 || weight.get(2) != weight.get(3)) {
                problems.add(
                        "block %s needs %s of shape (out, in, k, k), found %s"
                                .formatted(block, key, weight == null ? "none" : weight));
            } else if (seed == null || seed.kernel() != weight.get(2)) {
                problems.add(
                        "block %s (%s) has a %sx%s kernel%s, so its stride and padding are unknown"
                                .formatted(
                                        block,
                                        key,
                                        weight.get(2),
                                        weight.get(3),
                                        seed == null
                                                ? " and the seed has no block " + block
                                                : " where the seed's has %sx%1$s"
                                                        .formatted(seed.kernel())));
            } else {
                if (block == 0) {
                    inputChannels = (int) weight.get(1);
                }
                blocks.add(
                        new BlockSpec(
                                (int) weight.get(0), seed.kernel(), seed.stride(), seed.padding()));
            }
            block++;
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(
                    ("cannot infer the NiN architecture: %s (strides and paddings are not stored"
                                    + " in weights; give the architecture explicitly)")
                            .formatted(String.join("; ", problems)));
        }
        NinArchitecture architecture =
                NinArchitecture.builder()
                        .optInputChannels(inputChannels)
                        .optBlocks(blocks)
                        .optPointwise(pointwise)
                        .build();
        of(architecture).check(shapes);
        return architecture;
    }

    /**
     * The shape of each array of a state_dict, the form {@link #check} and {@link
     * #inferArchitecture} take.
     *
     * @param stateDict arrays by key
     * @return their shapes by key, in the same order
     */
    public static Map<String, Shape> shapesOf(Map<String, NDArray> stateDict) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        stateDict.forEach((key, array) -> shapes.put(key, array.getShape()));
        return shapes;
    }

    /**
     * Every key with its shape, in the order of PyTorch's {@code state_dict()}. A fully-connected
     * head's first linear layer has -1 for its input width, which depends on the input image.
     *
     * @return the shapes by key, unmodifiable
     */
    public Map<String, Shape> shapes() {
        return shapes;
    }

    /**
     * The network's parameters by state_dict key, in {@code state_dict()} order. The arrays are the
     * network's own, not copies: they change as it trains and must not be closed; {@link
     * NpzFile#write} writes them as they are.
     *
     * @param network an initialised network of this layout's architecture
     * @return the parameter arrays by key
     */
    public Map<String, NDArray> toStateDict(NinNetwork network) {
        requireArchitecture(network);
        return network.stateDict();
    }

    /**
     * Checks that entries of these shapes are exactly this layout's. A -1 in the layout (a
     * fully-connected head's input width) takes any size.
     *
     * @param shapes each entry's shape, by key
     * @throws InvalidInputException naming every missing, unexpected and misshapen entry
     */
    public void check(Map<String, Shape> shapes) {
        List<String> problems = problems(shapes(), shapes);
        if (!problems.isEmpty()) {
            throw mismatch(problems);
        }
    }

    /**
     * Copies a state_dict's values into the network's parameters, after checking that its keys and
     * shapes are exactly this layout's, with the network's own input width for a fully-connected
     * head, and that its values are float32, as PyTorch's are. Nothing is copied unless everything
     * fits.
     *
     * @param network an initialised network of this layout's architecture
     * @param stateDict the values by key, for example read with {@link NpzFile#read}
     * @throws InvalidInputException naming every missing, unexpected, misshapen and non-float32
     *     entry
     */
    public void load(NinNetwork network, Map<String, NDArray> stateDict) {
        requireArchitecture(network);
        List<String> problems = problems(shapesOf(toStateDict(network)), shapesOf(stateDict));
        List<String> wrongType =
                stateDict.entrySet().stream()
                        .filter(e -> e.getValue().getDataType() != DataType.FLOAT32)
                        .map(e -> e.getKey() + " (" + e.getValue().getDataType() + ")")
                        .toList();
        addIfAny(problems, "not float32: ", wrongType);
        if (!problems.isEmpty()) {
            throw mismatch(problems);
        }
        NDIndex whole = new NDIndex("...");
        for (NinNetwork.TorchParameter p : network.torchParameters()) {
            // In place, so the parameter keeps its array and gradient; through an index rather
            // than copyTo, whose libtorch path prints a deprecation warning to stderr.
            p.parameter().getArray().set(whole, stateDict.get(p.key()));
        }
    }

    private static List<String> problems(Map<String, Shape> expected, Map<String, Shape> shapes) {
        List<String> missing =
                expected.keySet().stream().filter(k -> !shapes.containsKey(k)).toList();
        List<String> unexpected =
                shapes.keySet().stream().filter(k -> !expected.containsKey(k)).toList();
        List<String> misshapen =
                expected.entrySet().stream()
                        .filter(e -> shapes.containsKey(e.getKey()))
                        .filter(e -> !fits(shapes.get(e.getKey()), e.getValue()))
                        .map(
                                e ->
                                        e.getKey()
                                                + " is "
                                                + shapes.get(e.getKey())
                                                + " not "
                                                + e.getValue())
                        .toList();
        List<String> problems = new ArrayList<>();
        addIfAny(problems, "missing ", missing);
        addIfAny(problems, "unexpected ", unexpected);
        addIfAny(problems, "misshapen ", misshapen);
        return problems;
    }

    private static void addIfAny(List<String> problems, String what, List<String> keys) {
        if (!keys.isEmpty()) {
            problems.add(what + String.join(", ", keys));
        }
    }

    /** Whether a shape is the expected one, any size standing where the expected has -1. */
    private static boolean fits(Shape shape, Shape expected) {
        if (shape.dimension() != expected.dimension()) {
            return false;
        }
        for (int d = 0; d < shape.dimension(); d++) {
            if (expected.get(d) == ANY ? shape.get(d) < 1 : shape.get(d) != expected.get(d)) {
                return false;
            }
        }
        return true;
    }

    private InvalidInputException mismatch(List<String> problems) {
        String blocks =
                architecture.blocks().stream()
                        .map(BlockSpec::toString)
                        .collect(Collectors.joining(","));
        return new InvalidInputException(
                "weights do not fit the NiN with blocks %s%s on %s input channel(s): %s"
                        .formatted(
                                blocks,
                                architecture.variantNote(),
                                architecture.inputChannels(),
                                String.join("; ", problems)));
    }

    private void requireArchitecture(NinNetwork network) {
        if (!network.getArchitecture().equals(architecture)) {
            throw new IllegalArgumentException(
                    "the network is a " + network.getArchitecture() + ", not a " + architecture);
        }
    }
}
