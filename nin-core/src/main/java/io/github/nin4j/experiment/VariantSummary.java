package io.github.nin4j.experiment;

import io.github.nin4j.train.EpochMetrics;
import java.util.List;
import java.util.stream.DoubleStream;

/**
 * One variant's results over its seeds.
 *
 * @param variant the variant
 * @param cost what it costs
 * @param runs how many seeds it was trained with
 * @param testAccuracyMean final test accuracy, mean over seeds
 * @param testAccuracySpread final test accuracy, sample standard deviation over seeds (0 for one)
 * @param testAccuracyMin final test accuracy, lowest seed
 * @param testAccuracyMax final test accuracy, highest seed
 * @param stuckAfterFirstEpoch runs still at chance after epoch 1
 * @param classesNeverPredicted classes the final networks never predict, mean over seeds
 * @param generalisationGap final training accuracy minus test accuracy, mean over seeds
 * @param examplesPerSecond training examples per second, mean over seeds
 * @param testAccuracyCurve test accuracy after each epoch, mean over the seeds that reached it
 */
public record VariantSummary(
        Variant variant,
        VariantCost cost,
        int runs,
        double testAccuracyMean,
        double testAccuracySpread,
        double testAccuracyMin,
        double testAccuracyMax,
        int stuckAfterFirstEpoch,
        double classesNeverPredicted,
        double generalisationGap,
        double examplesPerSecond,
        List<Double> testAccuracyCurve) {

    /**
     * Summarises a variant's cells.
     *
     * @param variant the variant
     * @param cost its cost
     * @param cells its finished cells, at least one
     * @return the summary
     */
    public static VariantSummary of(Variant variant, VariantCost cost, List<CellResult> cells) {
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("variant " + variant.name() + " has no runs");
        }
        double[] finals = cells.stream().mapToDouble(c -> c.last().testAccuracy()).toArray();
        List<Double> curve =
                SeedSpread.over(
                                cells.stream().map(c -> c.history().epochs()).toList(),
                                EpochMetrics::epoch,
                                EpochMetrics::testAccuracy)
                        .stream()
                        .map(SeedSpread::mean)
                        .toList();
        return new VariantSummary(
                variant,
                cost,
                cells.size(),
                mean(finals),
                spread(finals),
                DoubleStream.of(finals).min().orElseThrow(),
                DoubleStream.of(finals).max().orElseThrow(),
                (int) cells.stream().filter(CellResult::stuckAfterFirstEpoch).count(),
                cells.stream().mapToInt(CellResult::classesNeverPredicted).average().orElseThrow(),
                cells.stream().mapToDouble(CellResult::generalisationGap).average().orElseThrow(),
                cells.stream().mapToDouble(CellResult::examplesPerSecond).average().orElseThrow(),
                curve);
    }

    private static double mean(double[] values) {
        return DoubleStream.of(values).average().orElseThrow();
    }

    /** The sample standard deviation, 0 for a single value. */
    static double spread(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double mean = mean(values);
        double squares = DoubleStream.of(values).map(v -> (v - mean) * (v - mean)).sum();
        return Math.sqrt(squares / (values.length - 1));
    }
}
