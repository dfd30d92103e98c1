package io.github.nin4j.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.NinBlock;
import io.github.nin4j.model.NinBlockFactory;
import io.github.nin4j.model.RoutedConv2d;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * One NiN block computed alone in bf16 (its convolutions and ReLUs through {@link
 * io.github.nin4j.precision.Bf16BlockOperation}) against the same block in float64, as {@link
 * ConvolutionProbe} does for one float32 convolution: random weights of PyTorch's initial scale, a
 * random input in [0, 1) and a random output gradient of both signs. The bf16 kernels run only
 * inside a block, so the block is the unit a bf16 fault is found in. {@code blocks} makes the
 * checked block; {@code inputGradient} is false for the network's first block, whose input is the
 * data.
 */
record BlockProbe(
        String layer,
        NinBlockFactory blocks,
        int in,
        BlockSpec spec,
        int pointwise,
        int side,
        int batch,
        boolean inputGradient) {

    /**
     * The block's k×k convolution in oneDNN's notation, and its 1×1 convolutions.
     *
     * @return for example {@code mb2_ic96oc256_ih26oh26kh5sh1ph2 +2 1x1}
     */
    String problem() {
        return Probes.problem(
                        batch,
                        in,
                        spec.channels(),
                        side,
                        spec.kernel(),
                        spec.stride(),
                        spec.padding())
                + " +%d 1x1".formatted(pointwise);
    }

    /**
     * Computes the block in bf16 and in float64, and compares twice: the output with weights and
     * biases of both signs, as PyTorch initialises them, and the gradients with weights and biases
     * in [0, bound), so that every ReLU passes its input (with both signs, bf16's rounding decides
     * some ReLU inputs near zero the other way and sends a unit's whole gradient along another
     * path, an error of a fault's size; the output gradient keeps both signs, so a kernel reading
     * wrong weights or positions still shows; docs/notes/bf16.md, "The engine check in bf16"). The
     * weight and bias errors are the largest over the block's convolutions; the manager owns every
     * array made, and the wrapper wraps the bf16 block (to inject a fault).
     */
    ConvolutionTrial run(NDManager manager, Random random, UnaryOperator<Block> checkedWrapper) {
        double[] signed = compare(manager, random, -1, checkedWrapper);
        double[] positive = compare(manager, random, 0, checkedWrapper);
        return new ConvolutionTrial(
                layer,
                problem(),
                signed[0],
                inputGradient ? positive[1] : null,
                positive[2],
                positive[3]);
    }

    /**
     * The errors of output, input gradient, weight and bias gradients, with parameters uniform in
     * [lowest × bound, bound).
     */
    private double[] compare(
            NDManager parent, Random random, double lowest, UnaryOperator<Block> checkedWrapper) {
        try (NDManager manager = parent.newSubManager()) {
            Shape input = new Shape(batch, in, side, side);
            NinBlock block = blocks.newBlock(in, spec, pointwise);
            block.initialize(manager, DataType.FLOAT32, input);
            NinBlock reference =
                    NinBlock.builder()
                            .setInChannels(in)
                            .setSpec(spec)
                            .optPointwise(pointwise)
                            .build();
            reference.initialize(manager, DataType.FLOAT64, input);
            List<RoutedConv2d> convolutions = block.convolutions();
            List<RoutedConv2d> referenceConvolutions = reference.convolutions();
            for (int i = 0; i < convolutions.size(); i++) {
                Probes.copyParameters(
                        convolutions.get(i), referenceConvolutions.get(i), lowest, random);
            }
            Shape outShape = block.getOutputShapes(new Shape[] {input})[0];
            NDArray x = Probes.uniform(manager, input, 0, 1, random);
            // Leaning positive: a bias gradient sums it over every position, and a sum that cancels
            // to near zero leaves bf16's rounding large against it (docs/notes/bf16.md).
            NDArray gradOut = Probes.uniform(manager, outShape, -0.5, 1, random);
            NDList ours =
                    Probes.forwardBackward(
                            manager, checkedWrapper.apply(block), x, gradOut, true, inputGradient);
            NDList theirs =
                    Probes.forwardBackward(
                            manager,
                            reference,
                            x.toType(DataType.FLOAT64, false),
                            gradOut.toType(DataType.FLOAT64, false),
                            true,
                            inputGradient);
            double weights = 0;
            double biases = 0;
            for (int i = 0; i < convolutions.size(); i++) {
                RoutedConv2d conv = convolutions.get(i);
                RoutedConv2d twin = referenceConvolutions.get(i);
                weights = worse(weights, Probes.gradientError(conv.getWeight(), twin.getWeight()));
                biases = worse(biases, Probes.gradientError(conv.getBias(), twin.getBias()));
            }
            return new double[] {
                Probes.relativeError(ours.get(0), theirs.get(0)),
                inputGradient ? Probes.relativeError(ours.get(1), theirs.get(1)) : 0,
                weights,
                biases
            };
        }
    }

    private static double worse(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
    }
}
