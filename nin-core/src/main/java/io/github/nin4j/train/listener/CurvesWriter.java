package io.github.nin4j.train.listener;

import io.github.nin4j.report.TrainingCurves;
import io.github.nin4j.report.TrainingCurves.Point;
import io.github.nin4j.train.EpochMetrics;
import io.github.nin4j.train.EpochResult;
import io.github.nin4j.train.ProgressPoint;
import io.github.nin4j.train.RunControl;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.RunListener;
import java.util.List;

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
        List<ProgressPoint> points = result.history().points();
        List<EpochMetrics> rows = result.history().epochs();
        TrainingCurves curves =
                TrainingCurves.of(
                        points.stream().map(p -> new Point(p.epoch(), p.trainLoss())).toList(),
                        points.stream().map(p -> new Point(p.epoch(), p.trainAccuracy())).toList(),
                        rows.stream().map(m -> new Point(m.epoch(), m.testAccuracy())).toList(),
                        result.epochs());
        curves.writePng(run.file("curves.png"));
        curves.writeSvg(run.file("curves.svg"));
    }
}
