package io.github.nin4j.precision;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.nin4j.model.Head;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.ReleasingSequentialBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * The layers of a bf16 network. With the seed's global-pooling head the whole forward pass is one
 * {@link Bf16NetworkOperation}, computed from the same float32 parameters its {@link Bf16NinBlock}
 * children hold, so names, initialisation, checkpoints and exports are a float32 network's. With
 * the fully-connected head the layers compute one after the other, each NiN block in bfloat16 and
 * the rest in DJL's float32.
 */
final class Bf16Sequence extends ReleasingSequentialBlock {

    private final NinArchitecture architecture;

    Bf16Sequence(NinArchitecture architecture) {
        this.architecture = architecture;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        if (architecture.head() != Head.GLOBAL_AVERAGE_POOL) {
            return super.forwardInternal(parameterStore, inputs, training, params);
        }
        return whole(parameterStore, inputs, training);
    }

    /** The path of {@code Trainer.forward(data, labels)}, which trains. */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList data,
            NDList labels,
            PairList<String, Object> params) {
        if (architecture.head() != Head.GLOBAL_AVERAGE_POOL) {
            return super.forwardInternal(parameterStore, data, labels, params);
        }
        return whole(parameterStore, data, true);
    }

    /**
     * Draws what a training forward pass draws: with the global-pooling head, the one operation's
     * dropout on the bfloat16 activations before the last block ({@link
     * Bf16NetworkOperation#drawDropout}); otherwise each layer's, as they compute.
     */
    @Override
    public void drawAsTraining(NDManager manager, Shape input) {
        if (architecture.head() != Head.GLOBAL_AVERAGE_POOL) {
            super.drawAsTraining(manager, input);
            return;
        }
        Shape shape = input;
        for (Block layer : getChildren().values()) {
            if (layer instanceof Dropout) {
                Bf16NetworkOperation.drawDropout(manager, shape, architecture.dropout());
            }
            shape = layer.getOutputShapes(new Shape[] {shape})[0];
        }
    }

    private NDList whole(ParameterStore parameterStore, NDList inputs, boolean training) {
        NDArray input = inputs.singletonOrThrow();
        Device device = input.getDevice();
        List<NDArray> parameters = new ArrayList<>();
        for (Block child : getChildren().values()) {
            if (child instanceof Bf16NinBlock block) {
                block.addParameterValues(parameters, parameterStore, device, training);
            }
        }
        return new NDList(
                Bf16NetworkOperation.forward(
                        input,
                        architecture.blocks(),
                        architecture.dropout(),
                        parameters,
                        training));
    }
}
