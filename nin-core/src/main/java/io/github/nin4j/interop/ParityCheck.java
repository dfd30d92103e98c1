package io.github.nin4j.interop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import io.github.nin4j.model.NinNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs our network on a {@link ParityFixture} and measures how far it is from PyTorch: the logits
 * in evaluation mode, the mean softmax cross-entropy loss, and every parameter after one plain SGD
 * step {@code w -= lr * grad} on that loss, with gradients from DJL's autograd. As in the fixture,
 * the step's forward pass runs with dropout off ({@code training = false}, PyTorch's {@code
 * model.eval()}).
 *
 * <p>Both sides run libtorch (DJL's 2.7.1, Debian's 1.13), but with different oneDNN and BLAS
 * builds, so sums are taken in different orders: equal to float32 rounding, not bit for bit.
 */
public final class ParityCheck {

    /**
     * The largest absolute difference accepted anywhere. Float32 rounding differences are around
     * 1e-7 relative; 1e-4 absolute leaves room for the sums of the seed's full network while any
     * real mistake (a transposed kernel, a wrong padding, a missing ReLU) shifts values by far
     * more.
     *
     * <p>There is no relative bound here, though each {@link Difference} reports one: with the
     * seed's full network, a random batch puts some ReLU inputs within float32 rounding of zero,
     * and the first layer's gradient then moves by up to 1% of itself between any two float32
     * computations. PyTorch's own float32 gradient differs that much from its float64 one
     * (docs/notes/faithful-to-the-seed.md).
     */
    public static final double TOLERANCE = 1e-4;

    private final ParityFixture fixture;

    /**
     * How far one of our results is from PyTorch's.
     *
     * @param name what was compared, for example {@code logits} or {@code 0.0.weight}
     * @param maxAbsolute the largest |ours − PyTorch's| over its elements
     * @param scale what the difference is relative to: the largest |value| of PyTorch's result, or
     *     for a parameter after the step, the largest |change| PyTorch's step made to it, so that a
     *     wrong gradient cannot hide behind a small learning rate
     */
    public record Difference(String name, double maxAbsolute, double scale) {

        /**
         * The difference relative to its scale.
         *
         * @return {@code maxAbsolute / scale}; 0 when both are 0
         */
        public double relative() {
            return maxAbsolute == 0 ? 0 : maxAbsolute / scale;
        }

        /**
         * Whether the difference is within {@link #TOLERANCE}.
         *
         * @return true when ours may be taken for PyTorch's
         */
        public boolean within() {
            return maxAbsolute <= TOLERANCE;
        }
    }

    private ParityCheck(ParityFixture fixture) {
        this.fixture = fixture;
    }

    /**
     * A check against this fixture.
     *
     * @param fixture what PyTorch computed
     * @return the check
     */
    public static ParityCheck of(ParityFixture fixture) {
        return new ParityCheck(fixture);
    }

    /**
     * Computes our logits, loss and SGD step, leaving the network's parameters stepped, and
     * compares them with PyTorch's.
     *
     * @param network built by {@link ParityFixture#newNetwork}, with the fixture's weights
     * @return the logits', the loss's and then each parameter's difference, in state_dict order
     */
    public List<Difference> run(NinNetwork network) {
        List<Difference> differences = new ArrayList<>();
        Map<String, NDArray> parameters =
                TorchStateDict.of(fixture.architecture()).toStateDict(network);
        // Intermediate arrays belong to the managers of the arrays they come from, the caller's.
        NDManager manager = fixture.input().getManager();
        NDArray logits;
        NDArray loss;
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            logits =
                    network.getBlock()
                            .forward(
                                    new ParameterStore(manager, false),
                                    new NDList(fixture.input()),
                                    false)
                            .singletonOrThrow();
            loss =
                    Loss.softmaxCrossEntropyLoss()
                            .evaluate(new NDList(fixture.labels()), new NDList(logits));
            collector.backward(loss);
        }
        differences.add(compare("logits", logits, fixture.logits()));
        differences.add(compare("loss", loss, fixture.loss()));
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            NDArray weight = entry.getValue();
            NDArray before = weight.duplicate();
            weight.subi(weight.getGradient().mul(fixture.learningRate()));
            NDArray expected = fixture.weightsAfterStep().get(entry.getKey());
            differences.add(
                    new Difference(
                            entry.getKey(),
                            maxAbs(weight.sub(expected)),
                            maxAbs(expected.sub(before))));
        }
        return differences;
    }

    private static Difference compare(String name, NDArray ours, NDArray theirs) {
        return new Difference(name, maxAbs(ours.sub(theirs)), maxAbs(theirs));
    }

    private static double maxAbs(NDArray array) {
        return array.abs().max().toType(DataType.FLOAT64, false).getDouble();
    }
}
