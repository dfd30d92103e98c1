package io.github.nin4j.train;

/**
 * What a run starts from.
 *
 * @param config the recipe
 * @param run the run directory
 * @param manifest the manifest as the run starts: a resumed run's carries its earlier seeds and
 *     events
 * @param completedEpochs epochs already completed (by a resumed run)
 * @param trainBatches training batches per epoch
 * @param testBatches test batches per evaluation
 * @param history the current seed's completed epochs and curve points a resumed run continues after
 *     (read-only); empty for a new run
 * @param partial the batches of the next epoch a resumed run continues after, with that epoch's
 *     curve points so far; null when the run starts at an epoch's start
 */
public record RunStart(
        TrainingConfig config,
        RunDirectory run,
        Manifest manifest,
        int completedEpochs,
        int trainBatches,
        int testBatches,
        TrainingHistory history,
        PartialEpoch partial) {}
