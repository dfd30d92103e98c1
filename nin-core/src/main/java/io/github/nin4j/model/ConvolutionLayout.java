package io.github.nin4j.model;

/**
 * The memory layout a convolution is computed in. PyTorch picks oneDNN's kernels by the layout of
 * the input and weight: NCHW runs its blocked kernels ({@code jit:avx512_core} and the like),
 * channels-last its NHWC kernels. The two are different code, and on some CPUs only one of them
 * computes the right numbers (see {@code docs/notes/engine-fault-zen5.md}).
 */
public enum ConvolutionLayout {
    /** PyTorch's default: the layout of the input, NCHW for the network's input. */
    NCHW,
    /**
     * Channels-last (NHWC in memory, NCHW in shape): the weight is handed to the engine in
     * channels-last order, which makes PyTorch compute the convolution, and every layer after it
     * that keeps the layout, with oneDNN's NHWC kernels.
     */
    CHANNELS_LAST
}
