package io.github.nin4j.train.listener;

import io.github.nin4j.train.EpochResult;
import io.github.nin4j.train.RunControl;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.RunEvent;
import io.github.nin4j.train.RunListener;

/**
 * Saves every completed epoch to the run directory, atomically: parameters, then history and the
 * checkpoint that points at them (see {@link RunDirectory#saveEpoch}). A restart with a new seed
 * discards the old seed's epochs, so that a resume continues the new seed.
 */
public final class CheckpointWriter implements RunListener {

    private final RunDirectory run;

    /**
     * Creates the writer.
     *
     * @param run the run directory
     */
    public CheckpointWriter(RunDirectory run) {
        this.run = run;
    }

    @Override
    public void onEpoch(EpochResult result, RunControl control) {
        run.saveEpoch(result.model(), result.history(), result.seed());
    }

    @Override
    public void onEvent(RunEvent event) {
        if (event instanceof RunEvent.Restarted) {
            run.discardEpochs();
        }
    }
}
