package io.github.nin4j.train.listener;

import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.RunListener;
import java.util.List;

/** Ready-made sets of listeners. */
public final class RunListeners {

    private RunListeners() {}

    /**
     * What every run directory needs: the manifest, checkpoints and history, curves, the plateau
     * and dead-class watches, and the time estimate. {@code nin train} adds its console to these.
     *
     * @param run the run directory
     * @return the listeners, in the order they are called
     */
    public static List<RunListener> standard(RunDirectory run) {
        return List.of(
                new ManifestWriter(run),
                new PlateauWatch(),
                new DeadClassWatch(),
                new TimeEstimator(),
                new CheckpointWriter(run),
                new CurvesWriter(run));
    }
}
