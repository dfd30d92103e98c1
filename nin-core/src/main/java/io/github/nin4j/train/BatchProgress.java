package io.github.nin4j.train;

/**
 * A finished training batch.
 *
 * @param seed the seed of the network being trained
 * @param epoch the epoch, from 1
 * @param batch the batch within the epoch, from 1
 * @param batches the epoch's batches
 * @param loss this batch's mean loss
 * @param running the epoch's running loss and accuracy (d2l's definitions)
 * @param point a curve point when this batch ends one of d2l's five per epoch, else null
 * @param seconds seconds since the epoch's first batch started, data waits included
 */
public record BatchProgress(
        int seed,
        int epoch,
        int batch,
        int batches,
        double loss,
        EpochAccumulator running,
        ProgressPoint point,
        double seconds) {

    /**
     * The epoch's throughput so far.
     *
     * @return examples per second
     */
    public double examplesPerSecond() {
        return running.examples() / seconds;
    }
}
