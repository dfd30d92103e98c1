package io.github.nin4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import io.github.nin4j.precision.Bf16Convolution;
import java.util.function.ToDoubleBiFunction;

/**
 * The engine's practical peak on this machine: GFLOP/s of one large, well-shaped convolution, the
 * seed's second-block 5×5 convolution (96 channels in, 256 out, at 26×26) on a batch. What a
 * network achieves is reported as a share of this, in the precision it computes in.
 */
public final class ConvolutionPeak {

    private ConvolutionPeak() {}

    private static final int CHANNELS_IN = 96;
    private static final int CHANNELS_OUT = 256;
    private static final int SIDE = 26;
    private static final int KERNEL = 5;
    private static final int PADDING = 2;

    /** The bf16 peak times this many runs against one, so that the casts around them cancel. */
    private static final int BF16_RUNS = 4;

    /**
     * Times the convolution in float32.
     *
     * @param manager where the arrays live
     * @param batch the batch size
     * @param repeats timed repetitions after one warm-up
     * @return the median GFLOP/s over the repetitions (a multiply-add counts as two FLOPs)
     */
    public static Summary measure(NDManager manager, int batch, int repeats) {
        return rates(
                manager,
                batch,
                repeats,
                (input, weight) -> {
                    long start = System.nanoTime();
                    Conv2d.conv2d(input, weight, null, new Shape(1, 1), new Shape(PADDING, PADDING))
                            .close();
                    double seconds = (System.nanoTime() - start) / 1e9;
                    return flops(batch) / seconds / 1e9;
                });
    }

    /**
     * Times the same convolution in bfloat16 on the CPU's bf16 units ({@link Bf16Convolution},
     * channels-last): {@value #BF16_RUNS} runs in one call against one run, so that casting the
     * float32 arrays in and out is not counted.
     *
     * @param manager where the arrays live
     * @param batch the batch size
     * @param repeats timed repetitions after one warm-up
     * @return the median GFLOP/s over the repetitions (a multiply-add counts as two FLOPs)
     */
    public static Summary measureBf16(NDManager manager, int batch, int repeats) {
        return rates(
                manager,
                batch,
                repeats,
                (input, weight) -> {
                    double one = timeBf16(input, weight, 1);
                    double many = timeBf16(input, weight, BF16_RUNS);
                    return (BF16_RUNS - 1) * flops(batch) / Math.max(many - one, 1e-9) / 1e9;
                });
    }

    /** One untimed warm-up run, then the rates of the timed repetitions, on random arrays. */
    private static Summary rates(
            NDManager manager, int batch, int repeats, ToDoubleBiFunction<NDArray, NDArray> rate) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray input = scope.randomUniform(0, 1, new Shape(batch, CHANNELS_IN, SIDE, SIDE));
            NDArray weight =
                    scope.randomUniform(
                            -0.05f, 0.05f, new Shape(CHANNELS_OUT, CHANNELS_IN, KERNEL, KERNEL));
            rate.applyAsDouble(input, weight);
            double[] rates = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                rates[i] = rate.applyAsDouble(input, weight);
            }
            return Summary.of(rates);
        }
    }

    private static double timeBf16(NDArray input, NDArray weight, int runs) {
        long start = System.nanoTime();
        Bf16Convolution.repeated(input, weight, 1, PADDING, runs).close();
        return (System.nanoTime() - start) / 1e9;
    }

    private static double flops(int batch) {
        return 2.0 * CHANNELS_OUT * CHANNELS_IN * KERNEL * KERNEL * SIDE * SIDE * batch;
    }
}
