package io.github.nin4j.precision;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * One NiN block computed in bfloat16: the k×k convolution and its ReLU, then each 1×1 convolution
 * (computed as the matrix product it is on channels-last data) and its ReLU, in channels-last
 * memory format, from float32 input and parameters to a float32 output in channels-last. It runs
 * the TorchScript operation {@value #RESOURCE}, written by {@code generators/make_bf16_ops.py} with
 * Debian's torch 1.13 and loaded by DJL's libtorch 2.7.1, and computes a block as {@link
 * Bf16NetworkOperation} does inside the network (the same TorchScript function).
 *
 * <p>A block whose width is not a multiple of 16 is computed with zero channels added and sliced
 * off (the same numbers): oneDNN 3.7.1's bf16 kernels compute an 8-channel block wrong on AMD Zen 5
 * (docs/notes/bf16.md).
 */
public final class Bf16BlockOperation {

    /** The TorchScript file, a class-path resource. */
    public static final String RESOURCE = "/io/github/nin4j/bf16/nin_block_bf16.pt";

    private static final TorchScriptOperation OPERATION = new TorchScriptOperation(RESOURCE);

    private Bf16BlockOperation() {}

    /**
     * Computes one NiN block in bfloat16. In training, or while a {@code GradientCollector} is
     * open, the computation is recorded for backpropagation (the collector then gets float32
     * gradients for the input and every parameter); otherwise it runs without autograd.
     *
     * @param input (N, C, H, W) float32
     * @param stride the k×k convolution's stride
     * @param padding the k×k convolution's zero padding on each side
     * @param parameters weight and bias of each convolution in order, the k×k one first, all
     *     float32
     * @param training whether the network is training
     * @return (N, C', H', W') float32 in channels-last memory format, attached to the input's
     *     manager
     * @throws IllegalArgumentException if the parameters are not weight and bias pairs
     */
    public static NDArray forward(
            NDArray input, int stride, int padding, List<NDArray> parameters, boolean training) {
        if (parameters.isEmpty() || parameters.size() % 2 != 0) {
            throw new IllegalArgumentException(
                    "a NiN block's parameters are weight and bias pairs, one per convolution; got "
                            + parameters.size()
                            + " arrays");
        }
        try (NDArray geometry = input.getManager().create(new long[] {stride, padding})) {
            return OPERATION.call(List.of(input, geometry), parameters, training);
        }
    }
}
