package io.github.nin4j.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.github.nin4j.base.InvalidInputException;
import java.util.List;

/**
 * A NiN block (Lin et al. 2013, section 3.1; d2l's {@code nin_block}): a k×k convolution and a
 * ReLU, then 1×1 convolutions of the same width (two in the seed), each followed by a ReLU. The 1×1
 * convolutions act as a small fully-connected network applied at every pixel.
 *
 * <p>Its convolutions are initialised as the seed's PyTorch code does (see {@link
 * TorchInitialization}) and computed in float32 in the memory layout given when it is built. Each
 * convolution's output is released once its ReLU has run (see {@link ReleasingSequentialBlock}).
 *
 * <p>A subclass may compute the same block another way from the same parameters (the bf16 block of
 * {@code io.github.nin4j.precision} does): its children, their parameters, names and initialisation
 * are this class's, so checkpoints and exports do not depend on how it computes.
 */
public class NinBlock extends ReleasingSequentialBlock {

    private final BlockSpec spec;

    /**
     * Builds the block's layers; {@link #builder()} validates the values first.
     *
     * @param inChannels input channels, at least 1
     * @param spec the k×k convolution's shape
     * @param pointwise how many 1×1 convolutions follow it
     * @param layout the memory layout the convolutions are computed in
     */
    protected NinBlock(int inChannels, BlockSpec spec, int pointwise, ConvolutionLayout layout) {
        this.spec = spec;
        int width = spec.channels();
        add(RoutedConv2d.of(inChannels, width, spec.kernel(), spec.stride(), spec.padding()));
        add(Activation.reluBlock());
        for (int i = 0; i < pointwise; i++) {
            add(RoutedConv2d.of(width, width, 1, 1, 0));
            add(Activation.reluBlock());
        }
        convolutions().forEach(conv -> conv.setLayout(layout));
    }

    /**
     * Starts a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The block's shape: width, kernel, stride and padding of its k×k convolution.
     *
     * @return the spec
     */
    public BlockSpec spec() {
        return spec;
    }

    /**
     * The block's convolutions, in order.
     *
     * @return the k×k convolution and the 1×1 convolutions
     */
    public List<RoutedConv2d> convolutions() {
        return getChildren().values().stream()
                .filter(RoutedConv2d.class::isInstance)
                .map(RoutedConv2d.class::cast)
                .toList();
    }

    /**
     * The memory layout the convolutions are computed in.
     *
     * @return the layout given when the block was built
     */
    public ConvolutionLayout layout() {
        return convolutions().get(0).getLayout();
    }

    /**
     * The output shape, from the convolutions' shapes alone (a ReLU keeps its input's shape): no
     * engine array is made, unlike DJL's walk through the ReLUs.
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (RoutedConv2d conv : convolutions()) {
            shapes = conv.getOutputShapes(shapes);
        }
        return shapes;
    }

    /** Builds a {@link NinBlock}; input channels and the block's spec are required. */
    public static final class Builder {
        private int inChannels;
        private BlockSpec spec;
        private int pointwise = NinArchitecture.DEFAULT_POINTWISE;
        private ConvolutionLayout layout = ConvolutionLayout.NCHW;

        private Builder() {}

        /**
         * Sets the memory layout the convolutions are computed in (default {@link
         * ConvolutionLayout#NCHW}); the engine check finds the one that is right on a machine.
         *
         * @param layout the layout
         * @return this builder
         */
        public Builder optLayout(ConvolutionLayout layout) {
            this.layout = layout;
            return this;
        }

        /**
         * Sets the number of input channels.
         *
         * @param inChannels at least 1
         * @return this builder
         */
        public Builder setInChannels(int inChannels) {
            this.inChannels = inChannels;
            return this;
        }

        /**
         * Sets the block's width, kernel, stride and padding.
         *
         * @param spec the block's shape
         * @return this builder
         */
        public Builder setSpec(BlockSpec spec) {
            this.spec = spec;
            return this;
        }

        /**
         * Sets how many 1×1 convolutions follow the k×k one (default 2, the seed's).
         *
         * @param pointwise 0 to {@link NinArchitecture#MAX_POINTWISE}
         * @return this builder
         */
        public Builder optPointwise(int pointwise) {
            this.pointwise = pointwise;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws InvalidInputException if the input channels are fewer than 1 or the number of 1×1
         *     convolutions is out of range
         * @throws IllegalStateException if no spec was set
         */
        public NinBlock build() {
            if (inChannels < 1) {
                throw new InvalidInputException(
                        "NiN block needs at least 1 input channel, got " + inChannels);
            }
            if (spec == null || layout == null) {
                throw new IllegalStateException("NiN block needs a spec and a layout");
            }
            if (pointwise < 0 || pointwise > NinArchitecture.MAX_POINTWISE) {
                throw new InvalidInputException(
                        "a NiN block has 0 to %d 1x1 convolutions, got %d"
                                .formatted(NinArchitecture.MAX_POINTWISE, pointwise));
            }
            return new NinBlock(inChannels, spec, pointwise, layout);
        }
    }
}
