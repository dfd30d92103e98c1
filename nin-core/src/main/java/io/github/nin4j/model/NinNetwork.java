package io.github.nin4j.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import io.github.nin4j.precision.Precision;
import java.util.ArrayList;
import java.util.List;

/**
 * A NiN model built from a {@link NinArchitecture}: the DJL block that computes it and its
 * top-level layers, in the order {@link NinArchitecture#layerKinds()} lists them.
 */
public final class NinNetwork {

    private final NinArchitecture architecture;
    private final SequentialBlock block;
    private final List<Layer> layers;

    NinNetwork(NinArchitecture architecture, SequentialBlock block, List<Layer> layers) {
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
     * The top-level layers, each a child of {@link #getBlock()}.
     *
     * @return the layers in order
     */
    public List<Layer> getLayers() {
        return layers;
    }

    /**
     * The network's convolutions in order: per NiN block, the k×k one and then its 1×1 ones.
     *
     * @return the convolutions
     */
    public List<RoutedConv2d> convolutions() {
        List<RoutedConv2d> convolutions = new ArrayList<>();
        for (Layer layer : layers) {
            if (layer.block() instanceof NinBlock block) {
                convolutions.addAll(block.convolutions());
            }
        }
        return convolutions;
    }

    /**
     * Sets the memory layout every convolution is computed in (default {@link
     * ConvolutionLayout#NCHW}). {@code io.github.nin4j.engine.EngineCheck} finds the one that is
     * right on this machine.
     *
     * @param layout the layout
     */
    public void setConvolutionLayout(ConvolutionLayout layout) {
        for (RoutedConv2d conv : convolutions()) {
            conv.setLayout(layout);
        }
    }

    /**
     * The memory layout the convolutions are computed in.
     *
     * @return the layout of the first convolution, which {@link #setConvolutionLayout} sets for all
     */
    public ConvolutionLayout getConvolutionLayout() {
        return convolutions().get(0).getLayout();
    }

    /**
     * Sets the number format every NiN block computes in (default {@link Precision#FP32}); takes
     * effect from the next forward pass. The parameters stay float32 either way, so a network can
     * switch between the two and still export, import and checkpoint the same.
     *
     * @param precision the precision
     */
    public void setPrecision(Precision precision) {
        for (NinBlock block : ninBlocks()) {
            block.setPrecision(precision);
        }
    }

    /**
     * The number format the NiN blocks compute in.
     *
     * @return the precision of the first NiN block, which {@link #setPrecision} sets for all
     */
    public Precision getPrecision() {
        return ninBlocks().get(0).getPrecision();
    }

    private List<NinBlock> ninBlocks() {
        List<NinBlock> blocks = new ArrayList<>();
        for (Layer layer : layers) {
            if (layer.block() instanceof NinBlock block) {
                blocks.add(block);
            }
        }
        return blocks;
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
