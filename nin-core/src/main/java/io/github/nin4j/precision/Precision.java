package io.github.nin4j.precision;

/** The number format a NiN block computes in. Its parameters are float32 in both. */
public enum Precision {
    /** Float32 throughout, by DJL's own operators. */
    FP32,
    /**
     * Bfloat16 convolutions and ReLUs in channels-last memory format, through {@link
     * Bf16BlockOperation}; the block's input, output, parameters and gradients stay float32.
     */
    BF16
}
