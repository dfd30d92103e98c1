package io.github.nin4j.train;

import java.util.List;

/**
 * How a training run ended.
 *
 * @param status completed, interrupted, stopped or refused
 * @param history the completed epochs of the final attempt
 * @param events what happened, in order, including a resumed run's earlier events
 * @param interrupted the epoch cut short when the run was interrupted inside one, which a resume
 *     continues (its listeners were given it to save, see {@link BatchCheckpoint}); null otherwise
 */
public record TrainingResult(
        TrainingStatus status,
        TrainingHistory history,
        List<RunEvent> events,
        PartialEpoch interrupted) {

    /** Copies the events. */
    public TrainingResult {
        events = List.copyOf(events);
    }

    /**
     * A run that ended at an epoch's end, or before its first batch.
     *
     * @param status completed, interrupted, stopped or refused
     * @param history the completed epochs of the final attempt
     * @param events what happened, in order
     */
    public TrainingResult(TrainingStatus status, TrainingHistory history, List<RunEvent> events) {
        this(status, history, events, null);
    }
}
