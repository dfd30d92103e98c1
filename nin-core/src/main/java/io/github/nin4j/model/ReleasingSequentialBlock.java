package io.github.nin4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.BiFunction;

/**
 * A {@link SequentialBlock} that releases each intermediate output as soon as the next layer has
 * consumed it. DJL's own sequential block leaves them all to the input's manager, which frees them
 * only when the batch closes. Releasing them early does not change what backpropagation sees: the
 * engine keeps its own reference to every tensor a gradient needs (a ReLU's output, a convolution's
 * input) and frees it once the backward pass has used it, as PyTorch does. Without this, DJL's
 * handles would keep every layer's output alive through the whole backward pass, and a training
 * step's peak resident memory would stand above PyTorch's (docs/results.md, "Speed").
 *
 * <p>The block's input (owned by the caller) and its final output are never released. Both of DJL's
 * forward paths release: with a training flag, and with labels ({@code Trainer.forward(data,
 * labels)}). Returning the intermediate outputs ({@link #setReturnIntermediate}) is refused.
 */
public class ReleasingSequentialBlock extends SequentialBlock {

    /** Creates an empty block; add layers with {@link #add(Block)}. */
    public ReleasingSequentialBlock() {}

    /**
     * Adds a block under a name of the caller's rather than its class's, as DJL's {@link
     * #add(Block)} would: a network names its NiN blocks alike whatever class computes them, so
     * that parameter names do not depend on the precision.
     *
     * @param name the name, to which DJL prefixes the position
     * @param block the block
     * @return this block
     */
    public ReleasingSequentialBlock add(String name, Block block) {
        addChildBlock(name, block);
        return this;
    }

    @Override
    public SequentialBlock setReturnIntermediate(boolean returnIntermediate) {
        if (returnIntermediate) {
            throw new UnsupportedOperationException(
                    "ReleasingSequentialBlock releases its intermediate outputs, so it cannot"
                            + " return them; use DJL's SequentialBlock for that");
        }
        return this;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        return forwardReleasing(
                inputs, (layer, x) -> layer.forward(parameterStore, x, training, params));
    }

    /**
     * The path of {@code Trainer.forward(data, labels)}: as DJL's {@link SequentialBlock}, each
     * layer gets the labels too (a layer that ignores them runs in training mode).
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList data,
            NDList labels,
            PairList<String, Object> params) {
        return forwardReleasing(
                data, (layer, x) -> layer.forward(parameterStore, x, labels, params));
    }

    /**
     * Draws from the engine's random generator what one forward pass in training on an input of
     * this shape draws, and computes nothing else: each dropout layer, of this block or of a child
     * of this kind, runs in training on zeros of the shape it would see there, so the generator
     * advances as the forward pass would advance it. An epoch resumed after some of its batches
     * replays their draws so, and its later batches draw what an uninterrupted epoch's draw. The
     * other layers draw nothing, nor does the backward pass. A subclass that computes its layers
     * otherwise draws as its own forward pass does.
     *
     * @param manager where the zeros are made, on the network's device; they are released here
     * @param input the shape of the forward pass's input
     */
    public void drawAsTraining(NDManager manager, Shape input) {
        Shape shape = input;
        for (Block layer : getChildren().values()) {
            if (layer instanceof Dropout) {
                try (NDManager scratch = manager.newSubManager()) {
                    layer.forward(
                            new ParameterStore(scratch, false),
                            new NDList(scratch.zeros(shape)),
                            true);
                }
            } else if (layer instanceof ReleasingSequentialBlock sequence) {
                sequence.drawAsTraining(manager, shape);
            }
            shape = layer.getOutputShapes(new Shape[] {shape})[0];
        }
    }

    private NDList forwardReleasing(NDList inputs, BiFunction<Block, NDList, NDList> step) {
        NDList current = inputs;
        for (Block layer : getChildren().values()) {
            NDList next = step.apply(layer, current);
            if (current != inputs) {
                for (NDArray array : current) {
                    if (!holds(next, array) && !holds(inputs, array)) {
                        array.close();
                    }
                }
            }
            current = next;
        }
        return current;
    }

    /**
     * Whether the list holds this very array. {@code NDList.contains} would compare contents
     * ({@code NDArray.equals}), which scans whole arrays and keeps an array whose successor happens
     * to hold the same values.
     */
    private static boolean holds(NDList list, NDArray array) {
        return list.stream().anyMatch(held -> held == array);
    }
}
