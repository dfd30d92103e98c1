package io.github.nin4j.train.listener;

import io.github.nin4j.train.BatchProgress;
import io.github.nin4j.train.EpochResult;
import io.github.nin4j.train.RunControl;
import io.github.nin4j.train.RunListener;
import java.util.function.BooleanSupplier;

/**
 * Interrupts a run (see {@link RunControl#interrupt()}) after the first batch or epoch at whose end
 * a signal is raised, e.g. by a Ctrl-C handler or a service's cancel button on another thread. The
 * run's last completed epoch stays saved and the run can be resumed.
 *
 * <p>The signal is polled after every batch and every epoch, so it must be cheap and safe to read
 * from the training thread (an {@code AtomicBoolean::get}).
 */
public final class StopSignal implements RunListener {

    private final BooleanSupplier raised;

    /**
     * Creates the listener.
     *
     * @param raised true once the run should be interrupted
     */
    public StopSignal(BooleanSupplier raised) {
        this.raised = raised;
    }

    @Override
    public void onBatch(BatchProgress progress, RunControl control) {
        poll(control);
    }

    @Override
    public void onEpoch(EpochResult result, RunControl control) {
        poll(control);
    }

    private void poll(RunControl control) {
        if (raised.getAsBoolean()) {
            control.interrupt();
        }
    }
}
