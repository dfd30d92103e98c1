package io.github.nin4j.train;

import java.util.function.Consumer;

/**
 * What listeners may ask of the run they watch: to stop it, to restart it with a new seed, or to
 * record an event. Requests take effect after the batch or epoch being reported.
 */
public final class RunControl {

    private final Consumer<RunEvent> publisher;
    private boolean stop;
    private boolean restart;

    RunControl(Consumer<RunEvent> publisher) {
        this.publisher = publisher;
    }

    /** Stops the run; its last completed epoch stays saved. */
    public void stop() {
        stop = true;
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

    boolean restartRequested() {
        return restart;
    }
}
