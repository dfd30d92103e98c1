package io.github.nin4j.bench;

/**
 * Mean seconds per step over one repetition, by phase.
 *
 * @param dataWait waiting for the next batch
 * @param forward forward pass and loss
 * @param backward gradients
 * @param update the optimizer's step
 */
public record StepTimes(double dataWait, double forward, double backward, double update) {

    /**
     * The whole step.
     *
     * @return seconds per step
     */
    public double total() {
        return dataWait + forward + backward + update;
    }
}
