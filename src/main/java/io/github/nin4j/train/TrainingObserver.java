package io.github.nin4j.train;

import io.github.nin4j.engine.EngineVerdict;
import java.time.Duration;

/** Receives a training run's progress, for display; every method has an empty default. */
public interface TrainingObserver {

    /**
     * The engine check has run, before the first epoch.
     *
     * @param verdict what it found and the layout the run uses
     */
    default void onEngineCheck(EngineVerdict verdict) {}

    /**
     * The run's whole duration, estimated from its first batches.
     *
     * @param remaining estimated time until the last epoch ends
     * @param perBatch measured seconds per training batch
     */
    default void onEstimate(Duration remaining, double perBatch) {}

    /**
     * An epoch starts.
     *
     * @param epoch the epoch, from 1
     * @param batches training batches in the epoch
     */
    default void onEpochStart(int epoch, int batches) {}

    /**
     * A training batch has finished.
     *
     * @param epoch the epoch, from 1
     * @param batch the batch, from 1
     * @param running the epoch's running loss and accuracy
     * @param examplesPerSecond the epoch's throughput so far
     */
    default void onBatch(int epoch, int batch, EpochAccumulator running, double examplesPerSecond) {}

    /** Training batches of the epoch are done and the test set is being evaluated. */
    default void onEvaluating() {}

    /**
     * An epoch has finished and been saved.
     *
     * @param metrics the epoch's metrics
     * @param history the run's history so far
     */
    default void onEpoch(EpochMetrics metrics, TrainingHistory history) {}

    /**
     * Some classes were never predicted on the test set after an epoch.
     *
     * @param epoch the epoch, from 1
     * @param classes the class indices never predicted
     */
    default void onClassesNeverPredicted(int epoch, java.util.List<Integer> classes) {}

    /**
     * The run was found stuck or diverged.
     *
     * @param diagnosis what went wrong
     * @param action what the run does about it
     */
    default void onDiagnosis(PlateauDetector.Diagnosis diagnosis, OnPlateau action) {}
}
