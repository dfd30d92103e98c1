package io.github.nin4j.cli;

import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.train.BatchProgress;
import io.github.nin4j.train.EpochMetrics;
import io.github.nin4j.train.EpochResult;
import io.github.nin4j.train.OnPlateau;
import io.github.nin4j.train.RunControl;
import io.github.nin4j.train.RunEvent;
import io.github.nin4j.train.RunListener;
import io.github.nin4j.train.RunStart;
import io.github.nin4j.train.listener.PlateauWatch;
import io.github.nin4j.train.listener.TimeEstimator;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Shows a training run to its user. On a terminal: a progress bar per epoch with ETA, running loss,
 * accuracy and examples/sec. Elsewhere (CI, pipes, files): at most three plain progress lines per
 * epoch, then the epoch's line. The run's files are written by the standard listeners, not here.
 */
final class TrainingConsole implements RunListener {

    private final PrintWriter out;
    private final PrintStream terminal;
    private final int epochs;
    private final List<String> classNames;
    private ProgressBar bar;
    private int epoch;
    private int batches;
    private int testBatches;

    /** Findings of an epoch's evaluation, printed after the epoch's own line. */
    private final List<String> afterEpochLine = new ArrayList<>();

    private boolean evaluating;

    /** Restarts the run may still take for its current seed's first epoch. */
    private int restartsLeft;

    /** The seconds of this process's finished epochs, training and testing, and their count. */
    private double epochSecondsSum;

    private int epochsTimed;

    /** Lines go to {@code out}; progress bars to {@code terminal}, or none when it is null. */
    TrainingConsole(PrintWriter out, PrintStream terminal, int epochs, List<String> classNames) {
        this.out = out;
        this.terminal = terminal;
        this.epochs = epochs;
        this.classNames = List.copyOf(classNames);
    }

    @Override
    public void onRunStart(RunStart start) {
        testBatches = start.testBatches();
        restartsLeft = PlateauWatch.restartsLeft(start);
    }

    @Override
    public void onEngineCheck(EngineVerdict verdict) {
        out.println(verdict.summary());
        out.flush();
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
    public void onBatch(BatchProgress progress, RunControl control) {
        String status =
                String.format(
                        "loss %.3f, train acc %.3f, %.1f examples/sec",
                        progress.running().loss(),
                        progress.running().accuracy(),
                        progress.examplesPerSecond());
        if (bar != null) {
            bar.stepTo(progress.batch());
            bar.setExtraMessage(" " + status);
        } else if (isQuarter(progress.batch())) {
            out.printf(
                    "epoch %d/%d, batch %d/%d: %s%n",
                    progress.epoch(), epochs, progress.batch(), batches, status);
            out.flush();
        }
    }

    private boolean isQuarter(int batch) {
        int quarter = Math.max(1, batches / 4);
        return batch % quarter == 0 && batch < batches && batch / quarter <= 3;
    }

    @Override
    public void onEvaluating(int epoch) {
        evaluating = true;
        if (bar != null) {
            bar.setExtraMessage(" evaluating on the test set...");
        }
    }

    @Override
    public void onEpoch(EpochResult result, RunControl control) {
        close();
        EpochMetrics m = result.metrics();
        out.printf(
                "epoch %d/%d: loss %.3f, train acc %.3f, test acc %.3f, %.1f examples/sec"
                        + " (train %.1f s, test %.1f s)",
                m.epoch(),
                epochs,
                m.trainLoss(),
                m.trainAccuracy(),
                m.testAccuracy(),
                m.examplesPerSecond(),
                m.trainSeconds(),
                m.evalSeconds());
        // The first line's estimate comes from a few batches and runs some per cent low
        // (docs/results.md); whole epochs measure what is left.
        epochSecondsSum += m.trainSeconds() + m.evalSeconds();
        epochsTimed++;
        if (m.epoch() < epochs) {
            double left = epochSecondsSum / epochsTimed * (epochs - m.epoch());
            out.printf("; about %s left", human(left));
        }
        out.println();
        afterEpochLine.forEach(out::println);
        afterEpochLine.clear();
        evaluating = false;
        out.flush();
    }

    /** Prints a finding, after the epoch's line when it comes from the epoch's evaluation. */
    private void say(String line) {
        if (evaluating) {
            afterEpochLine.add(line);
        } else {
            out.println(line);
        }
    }

    @Override
    public void onEvent(RunEvent event) {
        if (event instanceof RunEvent.Screened) {
            say(event.describe() + " (--screen 1 trains the seed itself)");
        } else if (event instanceof RunEvent.Estimated e) {
            close();
            out.printf(
                    "estimated time to finish: %s (%.2f s per training batch, measured on the"
                            + " first batches)",
                    human(e.remainingSeconds()), e.secondsPerBatch());
            // NiN's first epoch often fails and is retried with a new seed
            // (docs/notes/plateau-default.md), so the line says what each retry costs.
            if (restartsLeft > 0) {
                double epochSeconds =
                        TimeEstimator.epochSeconds(e.secondsPerBatch(), batches, testBatches);
                out.printf(
                        "; each failed first epoch, retried with a new seed, adds about %s (at most"
                                + " %d more)",
                        human(epochSeconds), restartsLeft);
            }
            out.println();
            reopenBar();
        } else if (event instanceof RunEvent.ClassesNeverPredicted c) {
            close();
            say(
                    "note: after epoch "
                            + c.epoch()
                            + " the network never predicts "
                            + String.join(", ", c.classes().stream().map(classNames::get).toList())
                            + ": those outputs may have died (NiN's failure, in part); they can recover"
                            + " in later epochs. `nin evaluate` shows the confusion matrix.");
        } else if (event instanceof RunEvent.Diagnosed d) {
            close();
            String what =
                    switch (d.action()) {
                        case WARN -> "continuing; the manifest flags this run";
                        case RESTART -> "reinitialising with a new seed";
                        case STOP -> "stopping (--on-plateau stop)";
                    };
            say("warning: " + d.explanation() + " Now " + what + ".");
            if (d.action() == OnPlateau.WARN) {
                reopenBar();
            }
        }
        out.flush();
    }

    private void reopenBar() {
        if (terminal != null && epoch > 0) {
            openBar(epoch, batches);
        }
    }

    private void openBar(int epoch, int batches) {
        close();
        bar =
                new ProgressBarBuilder()
                        .setTaskName(String.format("epoch %d/%d", epoch, epochs))
                        .setInitialMax(batches)
                        .setUnit(" batches", 1)
                        .setConsumer(new ConsoleProgressBarConsumer(terminal))
                        .setUpdateIntervalMillis(500)
                        .build();
    }

    /** Closes the progress bar, if any. */
    void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    /** Whole seconds up to 90, else minutes, else hours and minutes. */
    private static String human(double seconds) {
        long whole = Math.floorDiv((long) (seconds * 1000), 1000);
        long minutes = Math.round(whole / 60.0);
        if (whole < 90) {
            return whole + " s";
        }
        return minutes >= 60 ? (minutes / 60) + " h " + (minutes % 60) + " min" : minutes + " min";
    }
}
