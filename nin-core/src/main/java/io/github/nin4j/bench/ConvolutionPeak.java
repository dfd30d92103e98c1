package io.github.nin4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * The engine's practical peak on this machine: GFLOP/s of one large, well-shaped convolution, the
 * seed's second-block 5×5 convolution (96 channels in, 256 out, at 26×26) on a batch. What a
 * network achieves is reported as a share of this.
 */
public final class ConvolutionPeak {

    private ConvolutionPeak() {}

    /**
     * Times the convolution.
     *
     * @param manager where the arrays live
     * @param batch the batch size
     * @param repeats timed repetitions after one warm-up
     * @return the median GFLOP/s over the repetitions (a multiply-add counts as two FLOPs)
     */
    public static Summary measure(NDManager manager, int batch, int repeats) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray input = scope.randomUniform(0, 1, new Shape(batch, 96, 26, 26));
            NDArray weight = scope.randomUniform(-0.05f, 0.05f, new Shape(256, 96, 5, 5));
            double flops = 2.0 * weight.getShape().size() * 26 * 26 * batch;
            double[] rates = new double[repeats];
            for (int i = -1; i < repeats; i++) {
                long start = System.nanoTime();
                Conv2d.conv2d(input, weight, null, new Shape(1, 1), new Shape(2, 2)).close();
                double seconds = (System.nanoTime() - start) / 1e9;
                if (i >= 0) {
                    rates[i] = flops / seconds / 1e9;
                }
            }
            return Summary.of(rates);
        }
    }
}
