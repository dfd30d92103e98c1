package io.github.nin4j.train.listener;

import ai.djl.Model;
import io.github.nin4j.train.BatchCheckpoint;
import io.github.nin4j.train.EpochResult;
import io.github.nin4j.train.PartialEpoch;
import io.github.nin4j.train.RunControl;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.RunEvent;
import io.github.nin4j.train.RunListener;
import io.github.nin4j.train.RunStart;

/**
 * Saves every completed epoch to the run directory, atomically: parameters, then history and the
 * checkpoint that points at them (see {@link RunDirectory#saveEpoch}). A run interrupted inside an
 * epoch saves the epoch so far as a {@link BatchCheckpoint}, which a resume continues; it is
 * removed once the epoch completes, and when a run starts without continuing it. A restart with a
 * new seed discards the old seed's epochs, so that a resume continues the new seed.
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
    public void onRunStart(RunStart start) {
        if (start.partial() == null) {
            new BatchCheckpoint(run).discard();
        }
    }

    @Override
    public void onEpoch(EpochResult result, RunControl control) {
        run.saveEpoch(result.model(), result.history(), result.seed());
        new BatchCheckpoint(run).discard();
    }

    @Override
    public void onInterrupted(PartialEpoch progress, Model model) {
        new BatchCheckpoint(run).save(progress, model);
    }

    @Override
    public void onEvent(RunEvent event) {
        if (event instanceof RunEvent.Restarted) {
            run.discardEpochs();
            new BatchCheckpoint(run).discard();
        }
    }
}
