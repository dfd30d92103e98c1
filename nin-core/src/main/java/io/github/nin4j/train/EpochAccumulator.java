package io.github.nin4j.train;

import java.util.List;

/**
 * Running sums over an epoch with d2l's definitions ({@code Accumulator(3)} in {@code train_ch6}):
 * the loss weighted by each batch's size, the number of correct predictions, and the number of
 * examples. Averages are example-weighted, so a smaller last batch counts for what it holds.
 *
 * <p>Listeners read it through {@link BatchProgress#running()}; only the loop adds to it.
 */
public final class EpochAccumulator {

    EpochAccumulator() {}

    private double lossSum;
    private long correct;
    private long examples;

    /** An accumulator holding an interrupted epoch's sums, exactly as they were. */
    static EpochAccumulator of(PartialEpoch progress) {
        EpochAccumulator accumulator = new EpochAccumulator();
        accumulator.lossSum = progress.lossSum();
        accumulator.correct = progress.correct();
        accumulator.examples = progress.examples();
        return accumulator;
    }

    /** The epoch so far, interrupted after the given batch: these sums, exactly as they are. */
    PartialEpoch sofar(
            int seed, int epoch, int batch, List<ProgressPoint> points, double trainSeconds) {
        return new PartialEpoch(
                seed, epoch, batch, lossSum, correct, examples, points, trainSeconds);
    }

    /** Adds one batch: its mean loss, correct predictions and examples. */
    void add(double meanLoss, long batchCorrect, long batchSize) {
        lossSum += meanLoss * batchSize;
        correct += batchCorrect;
        examples += batchSize;
    }

    /**
     * The example-weighted mean loss so far.
     *
     * @return mean loss, NaN before the first batch
     */
    public double loss() {
        return examples == 0 ? Double.NaN : lossSum / examples;
    }

    /**
     * The fraction of correct predictions so far.
     *
     * @return accuracy, NaN before the first batch
     */
    public double accuracy() {
        return examples == 0 ? Double.NaN : (double) correct / examples;
    }

    /**
     * The number of examples added.
     *
     * @return examples
     */
    public long examples() {
        return examples;
    }
}
