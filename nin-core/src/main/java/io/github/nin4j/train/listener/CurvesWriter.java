package io.github.nin4j.train.listener;

import io.github.nin4j.report.TrainingCurves;
import io.github.nin4j.train.EpochResult;
import io.github.nin4j.train.RunControl;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.RunListener;

/** Redraws d2l's plot, {@code curves.png} and {@code curves.svg}, after every epoch. */
public final class CurvesWriter implements RunListener {

    private final RunDirectory run;

    /**
     * Creates the writer.
     *
     * @param run the run directory
     */
    public CurvesWriter(RunDirectory run) {
        this.run = run;
    }

    @Override
    public void onEpoch(EpochResult result, RunControl control) {
        TrainingCurves curves = TrainingCurves.of(result.history(), result.epochs());
        curves.writePng(run.file("curves.png"));
        curves.writeSvg(run.file("curves.svg"));
    }
}
