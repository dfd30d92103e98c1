package io.github.nin4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A NiN model built from a {@link NinArchitecture}: the DJL block that computes it and its
 * top-level layers, in the order of the seed's {@code nn.Sequential}.
 */
public final class NinNetwork {

    private final NinArchitecture architecture;
    private final ReleasingSequentialBlock block;
    private final List<Layer> layers;

    NinNetwork(NinArchitecture architecture, ReleasingSequentialBlock block, List<Layer> layers) {
        this.architecture = architecture;
        this.block = block;
        this.layers = List.copyOf(layers);
    }

    /**
     * The description this network was built from.
     *
     * @return the architecture
     */
    public NinArchitecture getArchitecture() {
        return architecture;
    }

    /**
     * The whole network as one DJL block, to hand to a {@code Model}.
     *
     * @return the sequential block
     */
    public SequentialBlock getBlock() {
        return block;
    }

    /**
     * Draws from the engine's random generator what one training forward pass on an input of this
     * shape draws (its dropouts' masks), and computes nothing else; see {@link
     * ReleasingSequentialBlock#drawAsTraining}.
     *
     * @param manager where the scratch arrays are made, on the network's device
     * @param input the shape of the forward pass's input, (N, C, H, W)
     */
    public void drawAsTraining(NDManager manager, Shape input) {
        block.drawAsTraining(manager, input);
    }

    /**
     * The top-level layers, each a child of {@link #getBlock()}.
     *
     * @return the layers in order
     */
    public List<Layer> getLayers() {
        return layers;
    }

    /**
     * The network's NiN blocks, in order.
     *
     * @return the blocks
     */
    public List<NinBlock> ninBlocks() {
        return layers.stream()
                .map(Layer::block)
                .filter(NinBlock.class::isInstance)
                .map(NinBlock.class::cast)
                .toList();
    }

    /**
     * The network's convolutions in order: per NiN block, the k×k one and then its 1×1 ones.
     *
     * @return the convolutions
     */
    public List<RoutedConv2d> convolutions() {
        return ninBlocks().stream().flatMap(block -> block.convolutions().stream()).toList();
    }

    /**
     * The memory layout the convolutions are computed in, chosen when the network was built.
     *
     * @return the layout of the first NiN block
     */
    public ConvolutionLayout getConvolutionLayout() {
        return ninBlocks().get(0).layout();
    }

    /**
     * A top-level layer where it sits for a given input: its position among the top-level layers
     * (PyTorch's index in the seed's {@code nn.Sequential}), its input shape and its output shape.
     *
     * @param index position among the top-level layers, from 0
     * @param layer the layer
     * @param input its input's shape
     * @param output its output's shape; a dimension below 1 means the input was too small
     */
    public record PlacedLayer(int index, Layer layer, Shape input, Shape output) {

        /**
         * Whether the layer's output has something in every dimension.
         *
         * @return true when no dimension is below 1
         */
        public boolean fits() {
            return Arrays.stream(output.getShape()).allMatch(size -> size >= 1);
        }
    }

    /**
     * The network's geometry: each top-level layer with its input and output shapes for an input of
     * the given shape, from the built blocks' own {@code getOutputShapes} (no engine array is
     * made). It stops after the first layer whose output is empty ({@link PlacedLayer#fits()}
     * false).
     *
     * @param inputShape (N, C, H, W)
     * @return one placed layer per top-level layer, fewer when the input is too small
     */
    public List<PlacedLayer> walk(Shape inputShape) {
        List<PlacedLayer> placed = new ArrayList<>();
        Shape shape = inputShape;
        for (int i = 0; i < layers.size(); i++) {
            Block block = layers.get(i).block();
            Shape output = block.getOutputShapes(new Shape[] {shape})[0];
            PlacedLayer layer = new PlacedLayer(i, layers.get(i), shape, output);
            placed.add(layer);
            if (!layer.fits()) {
                break;
            }
            shape = output;
        }
        return placed;
    }

    /**
     * A parameter under the key PyTorch's {@code state_dict()} gives it in the seed's {@code
     * nn.Sequential}, with its shape.
     *
     * @param key for example {@code 0.2.weight}: top-level layer, child, parameter; a top-level
     *     linear layer's has no child
     * @param parameter the network's own parameter
     * @param shape its shape; -1 for a fully-connected head's first input width, which depends on
     *     the input image
     */
    public record TorchParameter(String key, Parameter parameter, Shape shape) {}

    /**
     * The parameters under PyTorch's {@code state_dict()} keys, in its order, from one walk of the
     * built layers and their children: a convolution at child {@code j} of top-level layer {@code
     * i} is {@code i.j.weight} and {@code i.j.bias}, a top-level linear layer {@code i.weight} and
     * {@code i.bias}. The positions are the blocks' own, so the keys follow whatever the
     * architecture builds.
     *
     * @return the parameters in order
     */
    public List<TorchParameter> torchParameters() {
        List<TorchParameter> parameters = new ArrayList<>();
        long inChannels = architecture.inputChannels();
        long features = -1;
        for (int i = 0; i < layers.size(); i++) {
            Block block = layers.get(i).block();
            if (block instanceof NinBlock) {
                List<Block> children = block.getChildren().values();
                for (int j = 0; j < children.size(); j++) {
                    if (children.get(j) instanceof RoutedConv2d conv) {
                        Shape kernel = conv.getKernelShape();
                        Shape weight =
                                new Shape(
                                        conv.getFilters(),
                                        inChannels,
                                        kernel.get(0),
                                        kernel.get(1));
                        add(parameters, i + "." + j + ".", conv, weight);
                        inChannels = conv.getFilters();
                    }
                }
            } else if (block instanceof Linear linear) {
                long out = linear.getOutputShapes(new Shape[] {new Shape(1, 1)})[0].get(1);
                add(parameters, i + ".", linear, new Shape(out, features));
                features = out;
            }
        }
        return parameters;
    }

    /**
     * The parameters' arrays under PyTorch's {@code state_dict()} keys, in its order ({@link
     * #torchParameters}). The arrays are the network's own, not copies: they change as it trains
     * and must not be closed.
     *
     * @return the arrays by key; the network must be initialised
     */
    public Map<String, NDArray> stateDict() {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (TorchParameter p : torchParameters()) {
            arrays.put(p.key(), p.parameter().getArray());
        }
        return arrays;
    }

    private static void add(
            List<TorchParameter> parameters, String prefix, Block owner, Shape weight) {
        parameters.add(
                new TorchParameter(prefix + "weight", owner.getParameters().get("weight"), weight));
        parameters.add(
                new TorchParameter(
                        prefix + "bias",
                        owner.getParameters().get("bias"),
                        new Shape(weight.get(0))));
    }

    /**
     * Whether an input of this height and width passes through every layer.
     *
     * @param height input height
     * @param width input width
     * @return true when no layer's output is empty
     */
    public boolean accepts(int height, int width) {
        if (height < 1 || width < 1) {
            return false;
        }
        List<PlacedLayer> placed = walk(new Shape(1, architecture.inputChannels(), height, width));
        return placed.size() == layers.size() && placed.get(placed.size() - 1).fits();
    }

    /**
     * The smallest input side (height and width alike) that passes through every layer, found by
     * bisection over {@link #walk}: a layer's output side never shrinks as its input grows.
     *
     * @return the smallest input side
     * @throws IllegalStateException if no side up to 2^20 fits
     */
    public int minimumInputSide() {
        int high = 1 << 20;
        if (!accepts(high, high)) {
            throw new IllegalStateException("no input side up to 2^20 fits " + architecture);
        }
        int low = 0; // does not fit
        while (high - low > 1) {
            int middle = (low + high) >>> 1;
            if (accepts(middle, middle)) {
                high = middle;
            } else {
                low = middle;
            }
        }
        return high;
    }

    /**
     * Initialises the parameters for inputs of the given shape, checking first that the input fits.
     *
     * @param manager the manager that will own the parameters
     * @param inputShape (N, C, H, W)
     * @throws io.github.nin4j.base.InvalidInputException if the input is too small or has the wrong
     *     channels
     */
    public void initialize(NDManager manager, Shape inputShape) {
        architecture.checkInput(
                (int) inputShape.get(1), (int) inputShape.get(2), (int) inputShape.get(3));
        block.initialize(manager, DataType.FLOAT32, inputShape);
    }

    /**
     * Describes each top-level layer for an input of the given shape: output shape, parameters and
     * multiply-adds. The network must be initialised.
     *
     * @param inputShape (N, C, H, W)
     * @return one row per top-level layer
     */
    public List<LayerSummary> summarize(Shape inputShape) {
        List<LayerSummary> rows = new ArrayList<>();
        MultiplyAddCounter counter = new MultiplyAddCounter();
        Shape shape = inputShape;
        for (Layer layer : layers) {
            long macs = counter.count(layer.block(), shape) / inputShape.get(0);
            shape = layer.block().getOutputShapes(new Shape[] {shape})[0];
            rows.add(new LayerSummary(layer.kind(), shape, ParameterCount.of(layer.block()), macs));
        }
        return rows;
    }
}
