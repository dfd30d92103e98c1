package io.github.nin4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A layer without parameters, computed by a function, whose output shape is computed from the input
 * shape alone. DJL's {@link LambdaBlock} finds its output shape by running the function on an array
 * of zeros, which allocates engine memory and, for a side that does not fit, computes nothing
 * useful; the network's geometry ({@link NinNetwork#walk}) needs the shape without either. A
 * subclass of {@link LambdaBlock}, so checkpoints read and write exactly as before.
 */
final class FunctionLayer extends LambdaBlock {

    private final UnaryOperator<Shape> outputShape;

    /** A layer of one input and one output, {@code outputShape} giving its output's shape. */
    FunctionLayer(
            Function<NDArray, NDArray> function, String name, UnaryOperator<Shape> outputShape) {
        super(inputs -> new ai.djl.ndarray.NDList(function.apply(inputs.singletonOrThrow())), name);
        this.outputShape = outputShape;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {outputShape.apply(inputShapes[0])};
    }
}
