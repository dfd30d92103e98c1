package io.github.nin4j.train;

import java.util.List;

/**
 * An epoch cut short at a batch boundary, where the run was interrupted: with the parameters after
 * its last step, everything the rest of the epoch depends on. The shuffled order and the
 * augmentation are functions of (seed, epoch), and the engine's random generator is reseeded at the
 * epoch's start and advanced past these batches' dropout masks ({@code NinModel.drawAsTraining}),
 * so a resumed epoch trains the remaining batches as an uninterrupted one does and ends with the
 * same metrics, to the last bit.
 *
 * @param seed the seed of the network being trained
 * @param epoch the epoch, from 1
 * @param batch the last batch trained, from 1 up to the epoch's batches
 * @param lossSum each trained batch's mean loss times its examples, summed in order (the running
 *     loss's numerator, d2l's)
 * @param correct correct predictions on the trained batches
 * @param examples examples in the trained batches
 * @param points the epoch's curve points so far, d2l's
 * @param trainSeconds seconds spent training those batches; timing only
 */
public record PartialEpoch(
        int seed,
        int epoch,
        int batch,
        double lossSum,
        long correct,
        long examples,
        List<ProgressPoint> points,
        double trainSeconds) {

    /** Copies the points. */
    public PartialEpoch {
        points = List.copyOf(points);
    }

    /**
     * The first thing, in words, that cannot be an interrupted epoch's, or null: a reader of a file
     * that holds these values checks before believing them.
     */
    String problem() {
        if (epoch < 1 || batch < 1) {
            return "epoch and batch must be at least 1, got epoch " + epoch + ", batch " + batch;
        }
        if (examples < batch || correct < 0 || correct > examples) {
            return "its counts are impossible: %s correct of %s examples in %s batches"
                    .formatted(correct, examples, batch);
        }
        if (points.size() > batch) {
            return "it holds more curve points than batches";
        }
        return null;
    }
}
