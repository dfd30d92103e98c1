package io.github.nin4j.train;

import ai.djl.Model;
import io.github.nin4j.engine.EngineVerdict;

/**
 * Does one side job of a training run: checkpoints, curves, plateau watch, progress on a console.
 * {@link TrainingLoop} runs the epochs and batches of d2l's {@code train_ch6} and calls each
 * listener in the order given; every method has an empty default.
 *
 * <p>Modelled on DJL's {@code TrainingListener}, which this is not, for three reasons: its batches
 * carry DJL's metrics rather than d2l's (loss weighted by examples, accuracy over the epoch, test
 * accuracy in evaluation mode); it cannot stop or restart a run; and it belongs to one {@code
 * Trainer}, while a run that restarts after NiN's known failure uses one trainer per seed.
 */
public interface RunListener {

    /**
     * The run starts (or resumes), after the engine check.
     *
     * @param start the run's configuration, directory and starting manifest
     */
    default void onRunStart(RunStart start) {}

    /**
     * The engine check has run.
     *
     * @param verdict what it found and the layout the run uses
     */
    default void onEngineCheck(EngineVerdict verdict) {}

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
     * @param progress the batch's loss and the epoch's running metrics
     * @param control stops or restarts the run after this batch
     */
    default void onBatch(BatchProgress progress, RunControl control) {}

    /**
     * Training batches of the epoch are done and the test set is being evaluated.
     *
     * @param epoch the epoch, from 1
     */
    default void onEvaluating(int epoch) {}

    /**
     * An epoch has finished and been evaluated.
     *
     * @param result its metrics, its evaluation, the history so far and the network
     * @param control stops the run after this epoch
     */
    default void onEpoch(EpochResult result, RunControl control) {}

    /**
     * The run was interrupted ({@link RunControl#interrupt()}) inside an epoch, after a batch: what
     * the epoch has done and the network, for a checkpoint a resume continues from (the standard
     * checkpoint writer saves a {@link BatchCheckpoint}). Called before {@link #onRunEnd}.
     *
     * @param progress the epoch so far
     * @param model the network's model after the epoch's last step
     */
    default void onInterrupted(PartialEpoch progress, Model model) {}

    /**
     * Something happened worth recording: a plateau, a restart, classes never predicted, an
     * estimate of the run's time.
     *
     * @param event the event
     */
    default void onEvent(RunEvent event) {}

    /**
     * The run has ended (completed, interrupted or stopped).
     *
     * @param result how it ended and its history
     */
    default void onRunEnd(TrainingResult result) {}
}
