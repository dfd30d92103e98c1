package io.github.nin4j.train;

/** How a training run ended. */
public enum TrainingStatus {
    /** All epochs ran. */
    COMPLETED,
    /** Stopped on request (Ctrl-C); the last completed epoch is saved. */
    INTERRUPTED,
    /** Stopped by {@code --on-plateau stop}. */
    STOPPED,
    /** Not started: the engine computes the network wrong on this machine in every layout. */
    REFUSED
}
