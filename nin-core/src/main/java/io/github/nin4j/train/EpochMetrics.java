package io.github.nin4j.train;

/**
 * One epoch's results, with d2l's definitions.
 *
 * @param epoch the epoch, counted from 1
 * @param trainLoss example-weighted mean training loss over the epoch's batches
 * @param trainAccuracy training accuracy over the epoch's batches, in training mode
 * @param testAccuracy accuracy over the whole test set in evaluation mode
 * @param examplesPerSecond training examples over the time spent in training steps, data waits
 *     included and evaluation excluded
 * @param trainSeconds time spent in the epoch's training steps
 * @param evalSeconds time spent evaluating on the test set
 */
public record EpochMetrics(
        int epoch,
        double trainLoss,
        double trainAccuracy,
        double testAccuracy,
        double examplesPerSecond,
        double trainSeconds,
        double evalSeconds) {}
