package io.github.nin4j.train.listener;

import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.RunListener;
import java.util.List;

/**
 * Ready-made sets of listeners. None is added to a {@link io.github.nin4j.train.TrainingLoop}
 * unless asked for, as with DJL's {@code TrainingListener.Defaults}: a loop on its own only trains.
 */
public final class RunListeners {

    private RunListeners() {}

    /**
     * What every run directory needs: the manifest, checkpoints and history, curves, the plateau
     * and dead-class watches, and the time estimate. {@code nin train} and every cell of an
     * experiment add these, then their console; a run without them writes nothing and cannot be
     * resumed, evaluated or exported.
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
