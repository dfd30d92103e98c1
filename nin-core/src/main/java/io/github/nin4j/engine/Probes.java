package io.github.nin4j.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.nin4j.model.RoutedConv2d;
import io.github.nin4j.model.TorchInitialization;
import java.util.Random;

/**
 * What the check's unit probes share: random arrays drawn from the check's own generator, one
 * forward and backward pass, and the measure of error.
 */
final class Probes {

    private Probes() {}

    /** A float32 array uniform in [low, high). */
    static NDArray uniform(NDManager manager, Shape shape, double low, double high, Random random) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (low + (high - low) * random.nextDouble());
        }
        return manager.create(values, shape);
    }

    /**
     * Sets a convolution's float32 weight and bias and their float64 twins to the same values, the
     * weight first, each uniform in [lowest × bound, bound) with PyTorch's initial bounds: the
     * float64 side computes from exactly the float32 side's numbers.
     */
    static void copyParameters(
            NDArray weight,
            NDArray weight64,
            NDArray bias,
            NDArray bias64,
            double lowest,
            Random random) {
        Shape shape = weight.getShape();
        long fanIn = shape.size() / shape.get(0);
        long fanOut = shape.size() / shape.get(1);
        double weightBound = TorchInitialization.xavierBound(fanIn, fanOut);
        double biasBound = TorchInitialization.biasBound(fanIn);
        copy(weight, weight64, lowest * weightBound, weightBound, random);
        copy(bias, bias64, lowest * biasBound, biasBound, random);
    }

    /** {@link #copyParameters} for a convolution and its float64 twin. */
    static void copyParameters(
            RoutedConv2d conv, RoutedConv2d reference, double lowest, Random random) {
        copyParameters(
                conv.getWeight().getArray(),
                reference.getWeight().getArray(),
                conv.getBias().getArray(),
                reference.getBias().getArray(),
                lowest,
                random);
    }

    private static void copy(
            NDArray float32, NDArray float64, double low, double high, Random random) {
        // In-place arithmetic rather than NDArray.set, whose JNI path makes libtorch print a
        // deprecation warning on the console.
        try (NDArray values = uniform(float32.getManager(), float32.getShape(), low, high, random);
                NDArray wide = values.toType(DataType.FLOAT64, false)) {
            float32.muli(0).addi(values);
            float64.muli(0).addi(wide);
        }
    }

    /**
     * One forward pass of a copy of x and the backward pass of Σ output × gradOut.
     *
     * @return the output and, when asked for, the input's gradient; parameter gradients stay in
     *     place
     */
    static NDList forwardBackward(
            NDManager manager,
            Block block,
            NDArray x,
            NDArray gradOut,
            boolean training,
            boolean inputGradient) {
        NDArray input = x.duplicate();
        input.setRequiresGradient(inputGradient);
        NDArray output;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            output =
                    block.forward(new ParameterStore(manager, false), new NDList(input), training)
                            .singletonOrThrow();
            collector.backward(output.mul(gradOut).sum());
        }
        NDList results = new NDList(output);
        if (inputGradient) {
            results.add(input.getGradient());
        }
        return results;
    }

    /**
     * A problem in oneDNN's notation, as {@code ONEDNN_VERBOSE} and benchdnn print it.
     *
     * @return for example {@code mb2_ic384oc10_ih5oh5kh3sh1ph1}
     */
    static String problem(
            int batch, int in, int out, int side, int kernel, int stride, int padding) {
        int outSide = (side + 2 * padding - kernel) / stride + 1;
        return "mb%d_ic%doc%d_ih%doh%dkh%dsh%dph%d"
                .formatted(batch, in, out, side, outSide, kernel, stride, padding);
    }

    /** The error of a float32 parameter's gradient against its float64 twin's. */
    static double gradientError(Parameter ours, Parameter reference) {
        return relativeError(ours.getArray().getGradient(), reference.getArray().getGradient());
    }

    /**
     * ‖ours − reference‖ / ‖reference‖, computed in float64; NaN when ours holds a NaN.
     *
     * @param ours the float32 result
     * @param reference the float64 result
     * @return the relative L2 error (the absolute one when the reference is all zeros)
     */
    static double relativeError(NDArray ours, NDArray reference) {
        try (NDArray wide = ours.toType(DataType.FLOAT64, false);
                NDArray difference = wide.sub(reference);
                NDArray squared = difference.square();
                NDArray error = squared.sum();
                NDArray referenceSquared = reference.square();
                NDArray norm = referenceSquared.sum()) {
            double denominator = Math.sqrt(norm.getDouble());
            double numerator = Math.sqrt(error.getDouble());
            return denominator == 0 ? numerator : numerator / denominator;
        }
    }
}
