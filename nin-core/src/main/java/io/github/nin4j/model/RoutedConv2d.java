package io.github.nin4j.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * DJL's {@link Conv2d} with a choice of the memory layout the engine computes it in (see {@link
 * ConvolutionLayout}). The parameters, their shapes, names and initialisation are DJL's own; only
 * the array handed to the engine differs.
 */
public final class RoutedConv2d extends Conv2d {

    private volatile ConvolutionLayout layout = ConvolutionLayout.NCHW;

    private RoutedConv2d(Builder builder) {
        super(builder);
    }

    /**
     * A square convolution initialised as the seed's PyTorch code does (see {@link
     * TorchInitialization}).
     *
     * @param in input channels
     * @param out output channels
     * @param kernel side of the kernel
     * @param stride stride
     * @param padding zero padding on each side
     * @return the convolution
     */
    public static RoutedConv2d of(int in, int out, int kernel, int stride, int padding) {
        Builder builder = new Builder();
        builder.setFilters(out)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding));
        RoutedConv2d conv = new RoutedConv2d(builder);
        TorchInitialization.apply(conv, in, kernel);
        return conv;
    }

    /**
     * The layout this convolution is computed in.
     *
     * @return the layout
     */
    public ConvolutionLayout getLayout() {
        return layout;
    }

    /**
     * Sets the layout this convolution is computed in; takes effect from the next forward pass.
     *
     * @param layout the layout
     */
    public void setLayout(ConvolutionLayout layout) {
        this.layout = layout;
    }

    /**
     * The weight, (out, in, kernel, kernel).
     *
     * @return the weight parameter
     */
    public Parameter getWeight() {
        return weight;
    }

    /**
     * The bias, (out).
     *
     * @return the bias parameter
     */
    public Parameter getBias() {
        return bias;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        Device device = input.getDevice();
        NDArray weightArray = parameterStore.getValue(weight, device, training);
        NDArray biasArray = parameterStore.getValue(bias, device, training);
        if (layout == ConvolutionLayout.NCHW) {
            return conv2d(input, weightArray, biasArray, stride, padding, dilation, groups);
        }
        try (NDArray channelsLast = channelsLast(weightArray)) {
            return conv2d(input, channelsLast, biasArray, stride, padding, dilation, groups);
        }
    }

    /**
     * The same (O, I, kH, kW) array with its elements in (O, kH, kW, I) order in memory: a copy,
     * seen through a permuted view. The engine keeps what the gradient needs; the handles made here
     * are released at once.
     */
    private static NDArray channelsLast(NDArray weight) {
        Shape s = weight.getShape();
        try (NDArray permuted = weight.transpose(0, 2, 3, 1);
                NDArray copied = permuted.reshape(-1);
                NDArray ohwi = copied.reshape(s.get(0), s.get(2), s.get(3), s.get(1))) {
            return ohwi.transpose(0, 3, 1, 2);
        }
    }

    /**
     * The output shape, as PyTorch's {@code Conv2d} computes it: {@code floor((side + 2 padding -
     * kernel) / stride) + 1}. DJL's own truncates towards zero, which makes an input smaller than
     * the kernel come out 1 pixel wide instead of empty; the network's geometry needs the floor to
     * tell an input that does not fit. A side with nothing left is 0.
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape input = inputs[0];
        long[] shape = {input.get(0), getFilters(), 0, 0};
        for (int a = 0; a < 2; a++) {
            long span = getDilation().get(a) * (getKernelShape().get(a) - 1) + 1;
            long padded = input.get(a + 2) + 2 * getPadding().get(a);
            // 0, never negative, once nothing is left: DJL's Shape holds no size below -1.
            shape[a + 2] = Math.max(0, Math.floorDiv(padded - span, getStride().get(a)) + 1);
        }
        return new Shape[] {new Shape(shape)};
    }

    /** The builder of {@link Conv2d}, reachable only from a subclass. */
    private static final class Builder extends Conv2d.Builder {}
}
