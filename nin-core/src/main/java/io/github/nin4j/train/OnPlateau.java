package io.github.nin4j.train;

/** What training does when it finds the run stuck at chance or diverged. */
public enum OnPlateau {
    /** Keep going and flag the run in its manifest (default). */
    WARN,
    /** Reinitialise the network with a new seed and start again, recording it. */
    RESTART,
    /** Stop the run; completed epochs stay in the run directory. */
    STOP
}
