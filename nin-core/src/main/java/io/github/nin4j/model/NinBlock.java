package io.github.nin4j.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.precision.Bf16BlockOperation;
import io.github.nin4j.precision.Precision;
import java.util.ArrayList;
import java.util.List;

/**
 * A NiN block (Lin et al. 2013, section 3.1; d2l's {@code nin_block}): a k×k convolution and a
 * ReLU, then 1×1 convolutions of the same width (two in the seed), each followed by a ReLU. The 1×1
 * convolutions act as a small fully-connected network applied at every pixel.
 *
 * <p>Its convolutions are initialised as the seed's PyTorch code does (see {@link
 * TorchInitialization}). Each convolution's output is released once its ReLU has run (see {@link
 * ReleasingSequentialBlock}).
 *
 * <p>In {@link Precision#BF16} the whole block is computed at once by {@link Bf16BlockOperation}
 * from the same float32 parameters; its children then only hold those parameters. Parameters, their
 * names and their initialisation do not depend on the precision.
 */
public final class NinBlock extends ReleasingSequentialBlock {

    private final BlockSpec spec;
    private volatile Precision precision = Precision.FP32;

    private NinBlock(int inChannels, BlockSpec spec, int pointwise) {
        this.spec = spec;
        int width = spec.channels();
        add(RoutedConv2d.of(inChannels, width, spec.kernel(), spec.stride(), spec.padding()));
        add(Activation.reluBlock());
        for (int i = 0; i < pointwise; i++) {
            add(RoutedConv2d.of(width, width, 1, 1, 0));
            add(Activation.reluBlock());
        }
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
     * The block's convolutions, in order.
     *
     * @return the k×k convolution and the 1×1 convolutions
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

    /**
     * The number format this block computes in.
     *
     * @return the precision (default {@link Precision#FP32})
     */
    public Precision getPrecision() {
        return precision;
    }

    /**
     * Sets the number format this block computes in; takes effect from the next forward pass. In
     * {@link Precision#BF16} the convolutions' layouts ({@link RoutedConv2d#setLayout}) do not
     * apply: the bf16 operation always computes in channels-last.
     *
     * @param precision the precision
     */
    public void setPrecision(Precision precision) {
        this.precision = precision;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        if (precision == Precision.BF16) {
            return forwardBf16(parameterStore, inputs, training);
        }
        return super.forwardInternal(parameterStore, inputs, training, params);
    }

    /** The path of {@code Trainer.forward(data, labels)}, which trains: see the superclass. */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList data,
            NDList labels,
            PairList<String, Object> params) {
        if (precision == Precision.BF16) {
            return forwardBf16(parameterStore, data, true);
        }
        return super.forwardInternal(parameterStore, data, labels, params);
    }

    private NDList forwardBf16(ParameterStore parameterStore, NDList inputs, boolean training) {
        NDArray input = inputs.singletonOrThrow();
        Device device = input.getDevice();
        List<NDArray> parameters = new ArrayList<>();
        for (RoutedConv2d conv : convolutions()) {
            parameters.add(parameterStore.getValue(conv.getWeight(), device, training));
            parameters.add(parameterStore.getValue(conv.getBias(), device, training));
        }
        return new NDList(
                Bf16BlockOperation.forward(
                        input, spec.stride(), spec.padding(), parameters, training));
    }

    /** Builds a {@link NinBlock}; input channels and the block's spec are required. */
    public static final class Builder {
        private int inChannels;
        private BlockSpec spec;
        private int pointwise = NinArchitecture.DEFAULT_POINTWISE;

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
            if (spec == null) {
                throw new IllegalStateException("NiN block needs a spec: call setSpec");
            }
            if (pointwise < 0 || pointwise > NinArchitecture.MAX_POINTWISE) {
                throw new InvalidInputException(
                        "a NiN block has 0 to "
                                + NinArchitecture.MAX_POINTWISE
                                + " 1x1 convolutions, got "
                                + pointwise);
            }
            return new NinBlock(inChannels, spec, pointwise);
        }
    }
}
