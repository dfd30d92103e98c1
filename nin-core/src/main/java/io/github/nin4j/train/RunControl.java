package io.github.nin4j.train;

import java.util.function.Consumer;

/**
 * What listeners may ask of the run they watch: to stop it, to interrupt it, to restart it with a
 * new seed, or to record an event. It is the only way a run ends early; requests take effect after
 * the batch or epoch being reported.
 *
 * <p>Stopping and interrupting differ in what the run's status says: {@link #stop()} is a
 * listener's decision about the run (e.g. the plateau watch giving up on it), so the run ends
 * {@link TrainingStatus#STOPPED}; {@link #interrupt()} is someone asking to stop for now (Ctrl-C),
 * so the run ends {@link TrainingStatus#INTERRUPTED} and can be resumed, or {@link
 * TrainingStatus#COMPLETED} when the request came after the last epoch.
 */
public final class RunControl {

    private final Consumer<RunEvent> publisher;
    private boolean stop;
    private boolean interrupt;
    private boolean restart;

    RunControl(Consumer<RunEvent> publisher) {
        this.publisher = publisher;
    }

    /**
     * Stops the run, status {@link TrainingStatus#STOPPED}; its last completed epoch stays saved.
     */
    public void stop() {
        stop = true;
    }

    /**
     * Interrupts the run, status {@link TrainingStatus#INTERRUPTED} (or {@link
     * TrainingStatus#COMPLETED} after the last epoch); its last completed epoch stays saved and the
     * run can be resumed from it. A {@link #stop()} or {@link #restart()} asked for at the same
     * batch or epoch wins.
     */
    public void interrupt() {
        interrupt = true;
    }

    /** Reinitialises the network with a new seed and trains from epoch 1. */
    public void restart() {
        restart = true;
    }

    /**
     * Records an event: every listener hears of it, and the manifest keeps it.
     *
     * @param event the event
     */
    public void publish(RunEvent event) {
        publisher.accept(event);
    }

    boolean stopRequested() {
        return stop;
    }

    boolean interruptRequested() {
        return interrupt;
    }

    boolean restartRequested() {
        return restart;
    }
}
