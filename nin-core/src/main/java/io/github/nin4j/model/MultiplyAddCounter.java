package io.github.nin4j.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;

/**
 * Counts the multiply-adds of a forward pass from an initialised block's weights and the shapes
 * that flow through it: a convolution costs its weight's size per output pixel, a linear layer its
 * weight's size per example. Element-wise layers and pooling are not counted, as is usual.
 */
public final class MultiplyAddCounter {

    /**
     * Counts the multiply-adds of one forward pass for the whole input batch.
     *
     * @param block an initialised block
     * @param input the shape of the block's input
     * @return multiply-adds for the batch
     */
    public long count(Block block, Shape input) {
        if (block instanceof SequentialBlock sequential) {
            long total = 0;
            Shape shape = input;
            for (Block child : sequential.getChildren().values()) {
                total += count(child, shape);
                shape = child.getOutputShapes(new Shape[] {shape})[0];
            }
            return total;
        }
        if (block instanceof Convolution || block instanceof Linear) {
            Shape output = block.getOutputShapes(new Shape[] {input})[0];
            long weights = block.getParameters().get("weight").getArray().getShape().size();
            long positions = output.size() / output.get(1);
            return weights * positions;
        }
        return 0;
    }
}
