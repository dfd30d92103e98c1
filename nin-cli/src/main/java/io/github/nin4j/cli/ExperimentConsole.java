package io.github.nin4j.cli;

import io.github.nin4j.experiment.Cell;
import io.github.nin4j.experiment.CellResult;
import io.github.nin4j.experiment.ExperimentListener;
import io.github.nin4j.experiment.Variant;
import io.github.nin4j.train.EpochResult;
import io.github.nin4j.train.RunControl;
import io.github.nin4j.train.RunListener;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** An experiment's progress on the console: a line per run and per epoch. */
final class ExperimentConsole implements ExperimentListener {

    private final PrintWriter out;

    ExperimentConsole(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onCellStart(Cell cell, int index, int total, boolean resuming) {
        out.printf(
                "[%d/%d] %s: %s%n", index, total, cell.name(), resuming ? "resuming" : "training");
        out.flush();
    }

    @Override
    public List<RunListener> runListeners(Cell cell) {
        return List.of(
                new RunListener() {
                    @Override
                    public void onEpoch(EpochResult result, RunControl control) {
                        var m = result.metrics();
                        out.printf(
                                Locale.ROOT,
                                "  epoch %d/%d: loss %.3f, train acc %.3f, test acc %.3f, %.1f"
                                        + " examples/sec%n",
                                m.epoch(),
                                result.epochs(),
                                m.trainLoss(),
                                m.trainAccuracy(),
                                m.testAccuracy(),
                                m.examplesPerSecond());
                        out.flush();
                    }
                });
    }

    @Override
    public void onCellEnd(CellResult result, int index, int total, boolean skipped) {
        if (skipped) {
            out.printf(
                    Locale.ROOT,
                    "[%d/%d] %s: finished earlier, test acc %.3f%n",
                    index,
                    total,
                    result.cell().name(),
                    result.last().testAccuracy());
            out.flush();
        }
    }

    @Override
    public void onMeasuringCost(Variant variant) {
        out.printf("measuring %s: parameters, multiply-adds, memory per example%n", variant.name());
        out.flush();
    }
}
