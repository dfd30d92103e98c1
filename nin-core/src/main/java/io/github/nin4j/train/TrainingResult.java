package io.github.nin4j.train;

import java.util.List;

/**
 * How a training run ended.
 *
 * @param status completed, interrupted, stopped or refused
 * @param history the completed epochs of the final attempt
 * @param events what happened, in order, including a resumed run's earlier events
 */
public record TrainingResult(
        TrainingStatus status, TrainingHistory history, List<RunEvent> events) {

    /** Copies the events. */
    public TrainingResult {
        events = List.copyOf(events);
    }
}
