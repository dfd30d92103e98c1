package io.github.nin4j.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything a run has measured: one row per completed epoch and the fractional-epoch curve points,
 * in order. It is saved with every checkpoint and appended to on resume.
 *
 * <p>Only the loop adds to it: listeners are handed the history, and what they see of it is
 * read-only ({@link #epochs()} and {@link #points()} are unmodifiable views), so no listener can
 * change what the next listener sees or what is saved.
 *
 * @param epochs per-epoch metrics
 * @param points training-curve points, five per epoch
 */
public record TrainingHistory(List<EpochMetrics> epochs, List<ProgressPoint> points) {

    /** Copies the lists so the history can grow without sharing them. */
    public TrainingHistory {
        epochs = new ArrayList<>(epochs);
        points = new ArrayList<>(points);
    }

    /**
     * The completed epochs' metrics, in order.
     *
     * @return an unmodifiable view
     */
    @Override
    public List<EpochMetrics> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /**
     * The curve points, in order.
     *
     * @return an unmodifiable view
     */
    @Override
    public List<ProgressPoint> points() {
        return Collections.unmodifiableList(points);
    }

    /**
     * An empty history.
     *
     * @return a history with no epochs
     */
    public static TrainingHistory empty() {
        return new TrainingHistory(List.of(), List.of());
    }

    /** Adds an epoch's points and metrics; the loop's alone (package-private). */
    void addEpoch(List<ProgressPoint> epochPoints, EpochMetrics metrics) {
        points.addAll(epochPoints);
        epochs.add(metrics);
    }

    /**
     * A copy holding the first {@code completed} epochs and their curve points: history is written
     * just before the checkpoint, so it may hold an epoch more than a resume continues after.
     */
    TrainingHistory truncated(int completed) {
        if (completed >= epochs.size()) {
            return new TrainingHistory(epochs, points);
        }
        return new TrainingHistory(
                epochs.subList(0, completed),
                points.stream().filter(p -> p.epoch() <= completed).toList());
    }

    /**
     * The number of completed epochs.
     *
     * @return completed epochs
     */
    public int completedEpochs() {
        return epochs.size();
    }

    /**
     * Training examples per second over all completed epochs, as d2l's {@code train_ch6} reports it
     * at the end: examples over the time spent in training steps.
     *
     * @return examples per second; NaN before the first epoch
     */
    public double examplesPerSecond() {
        double examples = 0;
        double seconds = 0;
        for (EpochMetrics m : epochs()) {
            examples += m.examplesPerSecond() * m.trainSeconds();
            seconds += m.trainSeconds();
        }
        return examples / seconds;
    }
}
