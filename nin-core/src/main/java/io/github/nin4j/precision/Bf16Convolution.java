package io.github.nin4j.precision;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * One convolution computed in bfloat16 in channels-last memory format, run a given number of times
 * in one call: what {@code nin bench} times for the engine's bf16 peak. It runs the TorchScript
 * operation {@value #RESOURCE}, written by {@code generators/make_bf16_ops.py}.
 */
public final class Bf16Convolution {

    /** The TorchScript file, a class-path resource. */
    public static final String RESOURCE = "/io/github/nin4j/bf16/convolution_bf16.pt";

    private static final TorchScriptOperation OPERATION = new TorchScriptOperation(RESOURCE);

    private Bf16Convolution() {}

    /**
     * Runs the convolution, without bias and without autograd, {@code times} times on the same
     * input; the input and weight are cast to bfloat16 once, and the last result back to float32.
     *
     * @param input (N, C, H, W) float32
     * @param weight (C', C, k, k) float32
     * @param stride the stride
     * @param padding the zero padding on each side
     * @param times how many times to run it, at least 1
     * @return the last result, float32, attached to the input's manager
     * @throws IllegalArgumentException if times is below 1
     */
    public static NDArray repeated(
            NDArray input, NDArray weight, int stride, int padding, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + times);
        }
        try (NDArray geometry = input.getManager().create(new long[] {stride, padding, times})) {
            return OPERATION.call(List.of(input, weight, geometry), List.of(), false);
        }
    }
}
