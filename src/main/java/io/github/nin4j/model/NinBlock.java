package io.github.nin4j.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import io.github.nin4j.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * A NiN block (Lin et al. 2013, section 3.1; d2l's {@code nin_block}): a k×k convolution and a
 * ReLU, then two 1×1 convolutions of the same width, each followed by a ReLU. The 1×1
 * convolutions act as a small fully-connected network applied at every pixel.
 *
 * <p>Its convolutions are initialised as the seed's PyTorch code does (see {@link
 * TorchInitialization}). Each convolution's output is released once its ReLU has run (see {@link
 * ReleasingSequentialBlock}).
 */
public final class NinBlock extends ReleasingSequentialBlock {

    private final int inChannels;
    private final BlockSpec spec;

    private NinBlock(int inChannels, BlockSpec spec) {
        this.inChannels = inChannels;
        this.spec = spec;
        add(conv(inChannels, spec.channels(), spec.kernel(), spec.stride(), spec.padding()));
        add(Activation.reluBlock());
        add(conv(spec.channels(), spec.channels(), 1, 1, 0));
        add(Activation.reluBlock());
        add(conv(spec.channels(), spec.channels(), 1, 1, 0));
        add(Activation.reluBlock());
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
     * The number of input channels the first convolution expects.
     *
     * @return input channels
     */
    public int getInChannels() {
        return inChannels;
    }

    /**
     * This block's width, kernel, stride and padding.
     *
     * @return the block's shape
     */
    public BlockSpec getSpec() {
        return spec;
    }

    private static RoutedConv2d conv(int in, int out, int kernel, int stride, int padding) {
        return RoutedConv2d.of(in, out, kernel, stride, padding);
    }

    /**
     * The block's three convolutions, in order.
     *
     * @return the k×k convolution and the two 1×1 convolutions
     */
    public List<RoutedConv2d> convolutions() {
        List<RoutedConv2d> convolutions = new ArrayList<>();
        for (Block child : getChildren().values()) {
            if (child instanceof RoutedConv2d conv) {
                convolutions.add(conv);
            }
        }
        return convolutions;
    }

    /** Builds a {@link NinBlock}; input channels, output channels and kernel are required. */
    public static final class Builder {
        private int inChannels;
        private int outChannels;
        private int kernel;
        private int stride = 1;
        private int padding;

        private Builder() {}

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
         * Sets the width of all three convolutions.
         *
         * @param outChannels at least 1
         * @return this builder
         */
        public Builder setOutChannels(int outChannels) {
            this.outChannels = outChannels;
            return this;
        }

        /**
         * Sets the side of the first convolution's kernel.
         *
         * @param kernel at least 1
         * @return this builder
         */
        public Builder setKernelSize(int kernel) {
            this.kernel = kernel;
            return this;
        }

        /**
         * Sets the first convolution's stride (default 1).
         *
         * @param stride at least 1
         * @return this builder
         */
        public Builder optStride(int stride) {
            this.stride = stride;
            return this;
        }

        /**
         * Sets the first convolution's zero padding (default 0).
         *
         * @param padding at least 0
         * @return this builder
         */
        public Builder optPadding(int padding) {
            this.padding = padding;
            return this;
        }

        /**
         * Sets output channels, kernel, stride and padding at once.
         *
         * @param spec the block's shape
         * @return this builder
         */
        public Builder setSpec(BlockSpec spec) {
            this.outChannels = spec.channels();
            this.kernel = spec.kernel();
            this.stride = spec.stride();
            this.padding = spec.padding();
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws InvalidInputException if a value is out of range
         */
        public NinBlock build() {
            if (inChannels < 1) {
                throw new InvalidInputException(
                        "NiN block needs at least 1 input channel, got " + inChannels);
            }
            return new NinBlock(inChannels, new BlockSpec(outChannels, kernel, stride, padding));
        }
    }
}
