package io.github.nin4j.experiment;

import io.github.nin4j.train.EpochMetrics;
import io.github.nin4j.train.PlateauDetector;
import io.github.nin4j.train.TrainingHistory;
import java.util.List;

/**
 * A finished cell: its per-epoch history and the classes its network never predicted on the test
 * set after the last epoch.
 *
 * @param cell the cell
 * @param history its epochs
 * @param classesNeverPredicted how many classes the final network never predicts on the test set
 * @param classes the number of classes, which sets chance
 */
public record CellResult(
        Cell cell, TrainingHistory history, int classesNeverPredicted, int classes) {

    /**
     * The last epoch's metrics.
     *
     * @return the final epoch
     */
    public EpochMetrics last() {
        List<EpochMetrics> epochs = history.epochs();
        return epochs.get(epochs.size() - 1);
    }

    /**
     * Whether the network was still at chance after its first epoch: training loss at ln(classes)
     * and test accuracy at chance, as {@link PlateauDetector} defines them. This is NiN's known
     * failure as it shows after one epoch; some such runs leave it later.
     *
     * @return true when epoch 1 ended at chance
     */
    public boolean stuckAfterFirstEpoch() {
        EpochMetrics first = history.epochs().get(0);
        return PlateauDetector.atChance(first.trainLoss(), first.testAccuracy(), classes);
    }

    /**
     * Training accuracy minus test accuracy after the last epoch, d2l's measures (training accuracy
     * over the epoch's batches with dropout on): how much the network fits the training images
     * better than unseen ones.
     *
     * @return the gap
     */
    public double generalisationGap() {
        return last().trainAccuracy() - last().testAccuracy();
    }

    /**
     * Training examples per second over the whole run, as {@code nin train} reports it.
     *
     * @return examples per second
     */
    public double examplesPerSecond() {
        return history.examplesPerSecond();
    }
}
