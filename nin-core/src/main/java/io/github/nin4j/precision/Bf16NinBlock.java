package io.github.nin4j.precision;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.NinBlock;
import io.github.nin4j.model.RoutedConv2d;
import java.util.ArrayList;
import java.util.List;

/**
 * A NiN block computed in bfloat16 by {@link Bf16BlockOperation}, all at once, from the same
 * float32 parameters as a {@link NinBlock}: its children only hold those parameters, so names,
 * initialisation, checkpoints and exports are a float32 block's. It always computes in
 * channels-last (see {@link Precision#fixedLayout()}). In a network with the global-pooling head,
 * {@link Bf16Sequence} computes it together with the rest of the network in one operation, from the
 * parameters it holds; it computes alone in the fully-connected head's networks and in the engine
 * check's block probes.
 */
public final class Bf16NinBlock extends NinBlock {

    /** Made through {@link Precision#blocks}. */
    Bf16NinBlock(int inChannels, BlockSpec spec, int pointwise) {
        super(inChannels, spec, pointwise, ConvolutionLayout.CHANNELS_LAST);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return forwardBf16(parameterStore, inputs, training);
    }

    /** The path of {@code Trainer.forward(data, labels)}, which trains. */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList data,
            NDList labels,
            PairList<String, Object> params) {
        return forwardBf16(parameterStore, data, true);
    }

    private NDList forwardBf16(ParameterStore parameterStore, NDList inputs, boolean training) {
        NDArray input = inputs.singletonOrThrow();
        List<NDArray> parameters = new ArrayList<>();
        addParameterValues(parameters, parameterStore, input.getDevice(), training);
        return new NDList(
                Bf16BlockOperation.forward(
                        input, spec().stride(), spec().padding(), parameters, training));
    }

    /**
     * Adds each convolution's weight and bias, the k×k one first, as the bf16 operations take them.
     */
    void addParameterValues(
            List<NDArray> parameters,
            ParameterStore parameterStore,
            Device device,
            boolean training) {
        for (RoutedConv2d conv : convolutions()) {
            parameters.add(parameterStore.getValue(conv.getWeight(), device, training));
            parameters.add(parameterStore.getValue(conv.getBias(), device, training));
        }
    }
}
