package io.github.nin4j.bench;

import java.util.Arrays;

/**
 * Median, minimum and maximum of repeated measurements.
 *
 * @param median the median (the mean of the two middle values for an even count)
 * @param min the smallest value
 * @param max the largest value
 */
public record Summary(double median, double min, double max) {

    /**
     * Summarises values.
     *
     * @param values at least one value
     * @return the summary
     */
    public static Summary of(double... values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Summary(median, sorted[0], sorted[n - 1]);
    }
}
