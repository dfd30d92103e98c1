package io.github.nin4j.precision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nin4j.model.BlockSpec;
import java.util.List;

/**
 * A NiN network with the global-pooling head computed in bfloat16 in one call, from the float32
 * image to float32 logits: each NiN block (as {@link Bf16BlockOperation} computes it), the 3×3
 * max-poolings with stride 2, the dropout before the last block and the global average pooling, all
 * on bfloat16 activations in channels-last memory format. No bfloat16 array ever reaches DJL, and
 * one crossing of JNI computes the whole forward pass (autograd records it for the backward pass).
 * It runs the TorchScript operation {@value #RESOURCE}, written by {@code
 * generators/make_bf16_ops.py}.
 *
 * <p>Dropout is PyTorch's {@code torch.nn.functional.dropout}, which draws from the engine's
 * default generator as DJL's own dropout does, so a seeded run draws the same masks again.
 */
public final class Bf16NetworkOperation {

    /** The TorchScript file, a class-path resource. */
    public static final String RESOURCE = "/io/github/nin4j/bf16/nin_network_bf16.pt";

    private static final TorchScriptOperation OPERATION = new TorchScriptOperation(RESOURCE);

    private Bf16NetworkOperation() {}

    /**
     * Computes the network in bfloat16.
     *
     * @param input (N, C, H, W) float32
     * @param blocks the NiN blocks' shapes, in order
     * @param dropout the rate of the dropout before the last block
     * @param parameters weight and bias of every convolution, block by block (each block's k×k one
     *     first), all float32; every block has the same number of them
     * @param training whether the network is training (dropout on, autograd recording)
     * @return (N, classes) float32 logits, attached to the input's manager
     * @throws IllegalArgumentException if the parameters are not weight and bias pairs, the same
     *     number for each block
     */
    public static NDArray forward(
            NDArray input,
            List<BlockSpec> blocks,
            double dropout,
            List<NDArray> parameters,
            boolean training) {
        if (blocks.isEmpty() || parameters.size() % (2 * blocks.size()) != 0) {
            throw new IllegalArgumentException(
                    "a NiN network's parameters are weight and bias pairs, the same number for each"
                            + " of its "
                            + blocks.size()
                            + " blocks; got "
                            + parameters.size()
                            + " arrays");
        }
        long[] geometry = new long[2 * blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            geometry[2 * i] = blocks.get(i).stride();
            geometry[2 * i + 1] = blocks.get(i).padding();
        }
        try (NDManager scope = input.getManager().newSubManager()) {
            NDArray shape = scope.create(geometry, new Shape(blocks.size(), 2));
            NDArray settings = scope.create(new double[] {dropout, training ? 1 : 0});
            return OPERATION.call(List.of(input, shape, settings), parameters, training);
        }
    }

    /**
     * Draws from the engine's random generator what the operation's dropout draws in one training
     * call on activations of this shape before the last block, and computes little else: the
     * operation itself, called in training with one block of one 1×1 filter standing in for the
     * network. Its input becomes bfloat16 in channels-last memory format as the network's does, and
     * its dropout is the one before the last block, so the same statement draws on an array of the
     * same shape, type and memory format; the convolution and pooling draw nothing.
     *
     * @param manager where the scratch arrays are made, on the network's device; they are released
     *     here
     * @param shape the shape of the activations before the last block, (N, C, H, W)
     * @param dropout the rate of the dropout
     */
    static void drawDropout(NDManager manager, Shape shape, double dropout) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray activations = scope.zeros(shape);
            List<NDArray> filter =
                    List.of(
                            scope.zeros(new Shape(1, shape.get(1), 1, 1)),
                            scope.zeros(new Shape(1)));
            forward(activations, List.of(new BlockSpec(1, 1, 1, 0)), dropout, filter, true).close();
        }
    }
}
