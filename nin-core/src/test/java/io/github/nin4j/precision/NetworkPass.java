package io.github.nin4j.precision;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.nin4j.model.NinNetwork;
import java.util.ArrayList;
import java.util.List;

/** One forward and backward pass of a network, for comparing precisions and routes. */
final class NetworkPass {

    private NetworkPass() {}

    /** The logits, then the gradient of every parameter, of a weighted sum of the logits. */
    static List<float[]> of(NinNetwork network, NDArray x, boolean training, int seed) {
        List<Parameter> parameters = new ArrayList<>();
        for (Pair<String, Parameter> pair : network.getBlock().getParameters()) {
            parameters.add(pair.getValue());
            NDArray gradient = pair.getValue().getArray().getGradient();
            gradient.subi(gradient);
        }
        try (NDManager scope = x.getManager().newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            Engine.getInstance().setRandomSeed(seed);
            NDArray logits =
                    network.getBlock()
                            .forward(new ParameterStore(scope, false), new NDList(x), training)
                            .singletonOrThrow();
            logits.attach(scope);
            NDArray weights =
                    scope.arange((float) logits.size())
                            .reshape(logits.getShape())
                            .mul(0.7f)
                            .cos()
                            .add(1.5f);
            collector.backward(logits.mul(weights).sum());
            List<float[]> result = new ArrayList<>();
            result.add(logits.toFloatArray());
            for (Parameter parameter : parameters) {
                result.add(parameter.getArray().getGradient().toFloatArray());
            }
            return result;
        }
    }
}
