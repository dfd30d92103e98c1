package io.github.nin4j.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.RoutedConv2d;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * One convolution computed alone: forward and backward in float32 in a given layout, against the
 * same in float64, on random weights of PyTorch's initial scale, a random input in [0, 1) (what a
 * ReLU or an image gives) and a random output gradient.
 *
 * @param layer where the convolution sits, for the report
 * @param in input channels
 * @param out output channels
 * @param kernel side of the kernel
 * @param stride stride
 * @param padding zero padding
 * @param side the input's height and width
 * @param batch the batch size
 * @param inputGradient whether the input's gradient is computed (not for the network's first
 *     convolution: its input is the data)
 */
public record ConvolutionProbe(
        String layer,
        int in,
        int out,
        int kernel,
        int stride,
        int padding,
        int side,
        int batch,
        boolean inputGradient) {

    /**
     * Convolutions that trigger the fault of libtorch 2.7.1's oneDNN 3.7.1 on AMD Zen 5 in NCHW on
     * every run. The fault reaches other shapes only now and then, so a network can pass its own
     * probes by chance (see {@code docs/notes/engine-fault-zen5.md}, "The known triggers").
     *
     * @return a backward-data and a forward trigger
     */
    public static List<ConvolutionProbe> knownTriggers() {
        return List.of(
                new ConvolutionProbe("known trigger (3x3, 384->10)", 384, 10, 3, 1, 1, 5, 2, true),
                new ConvolutionProbe("known trigger (3x3, 24->10)", 24, 10, 3, 1, 1, 2, 4, true));
    }

    /**
     * The problem in oneDNN's notation, as {@code ONEDNN_VERBOSE} and benchdnn print it.
     *
     * @return for example {@code mb2_ic384oc10_ih5oh5kh3sh1ph1}
     */
    public String problem() {
        return Probes.problem(batch, in, out, side, kernel, stride, padding);
    }

    /**
     * Computes the convolution in float32 in the layout and in float64, and compares; the manager
     * owns every array made, and the wrapper wraps the float32 side (to inject a fault).
     */
    ConvolutionTrial run(
            NDManager manager,
            ConvolutionLayout layout,
            Random random,
            UnaryOperator<Block> checkedWrapper) {
        Shape input = new Shape(batch, in, side, side);
        RoutedConv2d conv = RoutedConv2d.of(in, out, kernel, stride, padding);
        conv.setLayout(layout);
        conv.initialize(manager, DataType.FLOAT32, input);
        RoutedConv2d reference = RoutedConv2d.of(in, out, kernel, stride, padding);
        reference.initialize(manager, DataType.FLOAT64, input);
        Probes.copyParameters(conv, reference, -1, random);
        Shape outShape = conv.getOutputShapes(new Shape[] {input})[0];
        NDArray x = Probes.uniform(manager, input, 0, 1, random);
        NDArray gradOut = Probes.uniform(manager, outShape, -1, 1, random);
        NDList ours =
                Probes.forwardBackward(
                        manager, checkedWrapper.apply(conv), x, gradOut, false, inputGradient);
        NDList theirs =
                Probes.forwardBackward(
                        manager,
                        reference,
                        x.toType(DataType.FLOAT64, false),
                        gradOut.toType(DataType.FLOAT64, false),
                        false,
                        inputGradient);
        return new ConvolutionTrial(
                layer,
                problem(),
                Probes.relativeError(ours.get(0), theirs.get(0)),
                inputGradient ? Probes.relativeError(ours.get(1), theirs.get(1)) : null,
                Probes.gradientError(conv.getWeight(), reference.getWeight()),
                Probes.gradientError(conv.getBias(), reference.getBias()));
    }
}
