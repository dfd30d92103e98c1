package io.github.nin4j.precision;

import java.util.List;

/** How the number format of the NiN blocks is chosen; the engine check tries the candidates. */
public enum PrecisionChoice {
    /**
     * bf16 where the processor has bf16 instructions and the engine check finds the bf16 blocks
     * right; float32 otherwise.
     */
    AUTO,
    /** Float32 throughout. */
    FP32,
    /**
     * bf16 NiN blocks, whatever the processor: without bf16 instructions oneDNN emulates them,
     * right but slower than float32.
     */
    BF16;

    /**
     * The choice of exactly one precision.
     *
     * @param precision the precision
     * @return {@link #FP32} or {@link #BF16}
     */
    public static PrecisionChoice of(Precision precision) {
        return precision == Precision.BF16 ? BF16 : FP32;
    }

    /**
     * Whether this choice can continue a run computed in a precision: {@link #AUTO} any, the others
     * their own.
     *
     * @param precision the run's precision
     * @return true when the choice allows it
     */
    public boolean allows(Precision precision) {
        return this == AUTO || this == of(precision);
    }

    /**
     * The precisions to try, in order; the first one the engine check finds right is used.
     *
     * @param bf16Instructions whether the processor has bf16 instructions (AVX512_BF16 or AMX)
     * @return one or two precisions
     */
    public List<Precision> candidates(boolean bf16Instructions) {
        return switch (this) {
            case FP32 -> List.of(Precision.FP32);
            case BF16 -> List.of(Precision.BF16);
            case AUTO ->
                    bf16Instructions
                            ? List.of(Precision.BF16, Precision.FP32)
                            : List.of(Precision.FP32);
        };
    }
}
