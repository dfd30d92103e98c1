package io.github.nin4j.precision;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's global-pooling network computed in float64, rounded to bfloat16 wherever {@link
 * Bf16NetworkOperation} holds bfloat16: the input, every weight and bias, every convolution's
 * output (once, after its bias, as a kernel accumulating in float32 rounds it) and the global
 * average. ReLU and max-pooling are exact in both. The forward pass thus takes the same ReLU and
 * max-pooling decisions as the bf16 kernels, so the two differ only by rounding: where the
 * accumulation order puts a value on the other side of a bf16 rounding boundary, and in the
 * backward pass, which the kernels compute in bfloat16 and this in float64 (the rounding passes the
 * gradient straight through). Dropout is off.
 */
final class Bf16Emulation {

    private Bf16Emulation() {}

    /**
     * The logits, then the gradient of every parameter, of the same weighted sum of the logits as
     * {@link NetworkPass}, from the network's own parameters.
     */
    static List<float[]> of(NinArchitecture architecture, NinNetwork network, NDArray x) {
        try (NDManager scope = x.getManager().newSubManager()) {
            List<NDArray> parameters = new ArrayList<>();
            for (Pair<String, Parameter> pair : network.getBlock().getParameters()) {
                NDArray value = pair.getValue().getArray().toType(DataType.FLOAT64, true);
                value.attach(scope);
                value.setRequiresGradient(true);
                parameters.add(value);
            }
            List<BlockSpec> blocks = architecture.ninBlocks();
            int perBlock = parameters.size() / blocks.size();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = bf16(x.toType(DataType.FLOAT64, true));
                for (int b = 0; b < blocks.size(); b++) {
                    BlockSpec spec = blocks.get(b);
                    for (int i = 0; i < perBlock / 2; i++) {
                        NDArray weight = bf16(parameters.get(b * perBlock + 2 * i));
                        NDArray bias = bf16(parameters.get(b * perBlock + 2 * i + 1));
                        Shape stride = i == 0 ? square(spec.stride()) : square(1);
                        Shape padding = i == 0 ? square(spec.padding()) : square(0);
                        y =
                                Activation.relu(
                                        bf16(
                                                Conv2d.conv2d(y, weight, bias, stride, padding)
                                                        .singletonOrThrow()));
                    }
                    if (b < blocks.size() - 1) {
                        y =
                                Pool.maxPool2d(
                                        y,
                                        square(NinArchitecture.POOL_KERNEL),
                                        square(NinArchitecture.POOL_STRIDE),
                                        square(0),
                                        false);
                    }
                }
                NDArray logits = bf16(Pool.globalAvgPool2d(y)).reshape(x.getShape().get(0), -1);
                NDArray weights =
                        scope.arange((float) logits.size())
                                .reshape(logits.getShape())
                                .mul(0.7f)
                                .cos()
                                .add(1.5f)
                                .toType(DataType.FLOAT64, false);
                collector.backward(logits.mul(weights).sum());
                List<float[]> result = new ArrayList<>();
                result.add(logits.toType(DataType.FLOAT32, false).toFloatArray());
                for (NDArray parameter : parameters) {
                    result.add(
                            parameter.getGradient().toType(DataType.FLOAT32, false).toFloatArray());
                }
                return result;
            }
        }
    }

    /**
     * Rounds float64 values to the nearest bfloat16 (8 significant bits, ties to even), passing the
     * gradient through unchanged.
     */
    static NDArray bf16(NDArray x) {
        NDArray exponent = x.abs().maximum(1e-300).log2().floor();
        NDArray scale = x.getManager().create(2.0).pow(exponent.sub(7));
        NDArray rounded = x.div(scale).round().mul(scale);
        return x.add(rounded.sub(x).stopGradient());
    }

    private static Shape square(long side) {
        return new Shape(side, side);
    }
}
