package io.github.nin4j.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** The check's random arrays, drawn from its own generator, and its measure of error. */
final class RandomValues {

    private RandomValues() {}

    /** A float32 array uniform in [low, high). */
    static NDArray uniform(NDManager manager, Shape shape, double low, double high, Random random) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (low + (high - low) * random.nextDouble());
        }
        return manager.create(values, shape);
    }

    /**
     * Sets a float32 array and its float64 twin to the same values, uniform in ±bound: the float64
     * side computes from exactly the float32 side's numbers.
     */
    static void copy(NDArray float32, NDArray float64, double bound, Random random) {
        copy(float32, float64, -bound, bound, random);
    }

    /** Sets a float32 array and its float64 twin to the same values, uniform in [low, high). */
    static void copy(NDArray float32, NDArray float64, double low, double high, Random random) {
        // In-place arithmetic rather than NDArray.set, whose JNI path makes libtorch print a
        // deprecation warning on the console.
        try (NDArray values = uniform(float32.getManager(), float32.getShape(), low, high, random);
                NDArray wide = values.toType(DataType.FLOAT64, false)) {
            float32.muli(0).addi(values);
            float64.muli(0).addi(wide);
        }
    }

    /**
     * ‖ours − reference‖ / ‖reference‖, computed in float64; NaN when ours holds a NaN.
     *
     * @param ours the float32 result
     * @param reference the float64 result
     * @return the relative L2 error (the absolute one when the reference is all zeros)
     */
    static double relativeError(NDArray ours, NDArray reference) {
        try (NDArray wide = ours.toType(DataType.FLOAT64, false);
                NDArray difference = wide.sub(reference);
                NDArray squared = difference.square();
                NDArray error = squared.sum();
                NDArray referenceSquared = reference.square();
                NDArray norm = referenceSquared.sum()) {
            double denominator = Math.sqrt(norm.getDouble());
            double numerator = Math.sqrt(error.getDouble());
            return denominator == 0 ? numerator : numerator / denominator;
        }
    }
}
