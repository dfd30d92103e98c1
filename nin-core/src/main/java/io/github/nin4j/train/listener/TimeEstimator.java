package io.github.nin4j.train.listener;

import io.github.nin4j.train.BatchProgress;
import io.github.nin4j.train.RunControl;
import io.github.nin4j.train.RunEvent;
import io.github.nin4j.train.RunListener;
import io.github.nin4j.train.RunStart;

/**
 * Estimates the whole run's time from its first batches, once per process: the first batch pays for
 * warm-up, so the rate is taken over the batches after it. A run resumed inside an epoch counts
 * from the first batch it trains.
 */
public final class TimeEstimator implements RunListener {

    private static final int MEASURED_BATCH = 3;

    private int epochs;
    private int firstEpoch;
    private int testBatches;
    private int batchesBefore;
    private double secondsBefore;
    private double firstBatchSeconds;
    private boolean done;

    @Override
    public void onRunStart(RunStart start) {
        epochs = start.config().epochs();
        firstEpoch = start.completedEpochs() + 1;
        testBatches = start.testBatches();
        batchesBefore = start.partial() == null ? 0 : start.partial().batch();
        secondsBefore = start.partial() == null ? 0 : start.partial().trainSeconds();
    }

    /**
     * The time of one epoch, training and testing, at a measured rate.
     *
     * @param secondsPerBatch seconds per training batch
     * @param trainBatches training batches per epoch
     * @param testBatches test batches per evaluation
     * @return seconds
     */
    public static double epochSeconds(double secondsPerBatch, int trainBatches, int testBatches) {
        // Evaluation is a forward pass only, about a third of a training step.
        return secondsPerBatch * trainBatches + secondsPerBatch / 3 * testBatches;
    }

    @Override
    public void onBatch(BatchProgress p, RunControl control) {
        if (done) {
            return;
        }
        // This process's batches and time: a resumed epoch's progress counts its earlier ones.
        int batch = p.epoch() == firstEpoch ? p.batch() - batchesBefore : p.batch();
        double seconds = p.epoch() == firstEpoch ? p.seconds() - secondsBefore : p.seconds();
        if (batch == 1) {
            firstBatchSeconds = seconds;
        }
        if (batch < MEASURED_BATCH && p.batch() < p.batches()) {
            return;
        }
        done = true;
        double perBatch = batch == 1 ? seconds : (seconds - firstBatchSeconds) / (batch - 1);
        double perEpoch = epochSeconds(perBatch, p.batches(), testBatches);
        double remaining =
                perEpoch * (epochs - firstEpoch + 1) - perBatch * batchesBefore - seconds;
        control.publish(new RunEvent.Estimated(Math.max(0, remaining), perBatch));
    }
}
