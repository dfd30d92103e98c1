package io.github.nin4j.train;

import ai.djl.Model;

/**
 * A finished, evaluated epoch.
 *
 * @param seed the seed of the network being trained
 * @param metrics the epoch's metrics, d2l's
 * @param evaluation the test set's evaluation in evaluation mode
 * @param history the run's history including this epoch
 * @param model the network's model, for a checkpoint
 * @param epochs the run's planned epochs
 */
public record EpochResult(
        int seed,
        EpochMetrics metrics,
        TestSetEvaluation evaluation,
        TrainingHistory history,
        Model model,
        int epochs) {}
