package io.github.nin4j.cli;

import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.report.TrainingCurves;
import io.github.nin4j.train.EpochAccumulator;
import io.github.nin4j.train.EpochMetrics;
import io.github.nin4j.train.OnPlateau;
import io.github.nin4j.train.PlateauDetector;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.TrainingHistory;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Shows a training run to its user and keeps its plots current. On a terminal: a progress bar
 * per epoch with ETA, running loss, accuracy and examples/sec. Elsewhere (CI, pipes, files): at
 * most three plain progress lines per epoch, then the epoch's line.
 */
final class TrainingConsole implements io.github.nin4j.train.TrainingObserver {

    private final PrintWriter out;
    private final PrintStream terminal;
    private final RunDirectory run;
    private final int epochs;
    private ProgressBar bar;
    private int epoch;
    private int batches;

    /**
     * Creates the console.
     *
     * @param out where lines go
     * @param terminal the terminal for progress bars, or null when output is not a terminal
     * @param run the run directory, for the plots
     * @param epochs the run's planned epochs
     */
    TrainingConsole(PrintWriter out, PrintStream terminal, RunDirectory run, int epochs) {
        this.out = out;
        this.terminal = terminal;
        this.run = run;
        this.epochs = epochs;
    }

    @Override
    public void onEngineCheck(EngineVerdict verdict) {
        out.println(verdict.summary());
        out.flush();
    }

    @Override
    public void onEstimate(Duration remaining, double perBatch) {
        closeBar();
        out.printf(
                "estimated time to finish: %s (%.2f s per training batch, measured on the first"
                        + " batches)%n",
                human(remaining),
                perBatch);
        out.flush();
        if (terminal != null) {
            openBar(epoch, batches);
        }
    }

    @Override
    public void onEpochStart(int epoch, int batches) {
        this.epoch = epoch;
        this.batches = batches;
        if (terminal != null) {
            openBar(epoch, batches);
        }
    }

    @Override
    public void onBatch(int epoch, int batch, EpochAccumulator running, double examplesPerSecond) {
        String status =
                String.format(
                        "loss %.3f, train acc %.3f, %.1f examples/sec",
                        running.loss(), running.accuracy(), examplesPerSecond);
        if (bar != null) {
            bar.stepTo(batch);
            bar.setExtraMessage(" " + status);
        } else if (isQuarter(batch)) {
            out.printf("epoch %d/%d, batch %d/%d: %s%n", epoch, epochs, batch, batches, status);
            out.flush();
        }
    }

    private boolean isQuarter(int batch) {
        int quarter = Math.max(1, batches / 4);
        return batch % quarter == 0 && batch < batches && batch / quarter <= 3;
    }

    @Override
    public void onEvaluating() {
        if (bar != null) {
            bar.setExtraMessage(" evaluating on the test set...");
        }
    }

    @Override
    public void onEpoch(EpochMetrics m, TrainingHistory history) {
        closeBar();
        out.printf(
                "epoch %d/%d: loss %.3f, train acc %.3f, test acc %.3f, %.1f examples/sec"
                        + " (train %.1f s, test %.1f s)%n",
                m.epoch(),
                epochs,
                m.trainLoss(),
                m.trainAccuracy(),
                m.testAccuracy(),
                m.examplesPerSecond(),
                m.trainSeconds(),
                m.evalSeconds());
        out.flush();
        TrainingCurves curves = TrainingCurves.of(history, epochs);
        curves.writePng(run.file("curves.png"));
        curves.writeSvg(run.file("curves.svg"));
    }

    @Override
    public void onClassesNeverPredicted(int epoch, java.util.List<Integer> classes) {
        closeBar();
        out.println("note: after epoch " + epoch + " the network never predicts "
                + String.join(", ", classes.stream()
                        .map(c -> io.github.nin4j.data.FashionMnistClass.of(c).label()).toList())
                + ": those outputs may have died (NiN's failure, in part); they can recover in"
                + " later epochs. `nin evaluate` shows the confusion matrix.");
        out.flush();
    }

    @Override
    public void onDiagnosis(PlateauDetector.Diagnosis diagnosis, OnPlateau action) {
        closeBar();
        String what =
                switch (action) {
                    case WARN -> "continuing (--on-plateau warn); the manifest flags this run";
                    case RESTART -> "reinitialising with a new seed (--on-plateau restart)";
                    case STOP -> "stopping (--on-plateau stop)";
                };
        out.println("warning: " + diagnosis.explanation() + " Now " + what + ".");
        out.flush();
        if (terminal != null && action == OnPlateau.WARN) {
            openBar(epoch, batches);
        }
    }

    /** Closes the progress bar, if any; called when the run ends. */
    void close() {
        closeBar();
    }

    private void openBar(int epoch, int batches) {
        closeBar();
        bar =
                new ProgressBarBuilder()
                        .setTaskName(String.format("epoch %d/%d", epoch, epochs))
                        .setInitialMax(batches)
                        .setUnit(" batches", 1)
                        .setConsumer(new ConsoleProgressBarConsumer(terminal))
                        .setUpdateIntervalMillis(500)
                        .build();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    static String human(Duration d) {
        long minutes = Math.round(d.toSeconds() / 60.0);
        if (d.toSeconds() < 90) {
            return d.toSeconds() + " s";
        }
        return minutes >= 60 ? (minutes / 60) + " h " + (minutes % 60) + " min" : minutes + " min";
    }
}
