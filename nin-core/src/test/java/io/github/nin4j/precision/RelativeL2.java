package io.github.nin4j.precision;

/** The error measure of the precision tests: ‖actual − expected‖ / ‖expected‖, in double. */
final class RelativeL2 {

    private RelativeL2() {}

    static double of(float[] actual, float[] expected) {
        double difference = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = actual[i] - expected[i];
            difference += d * d;
            norm += (double) expected[i] * expected[i];
        }
        return Math.sqrt(difference / norm);
    }
}
