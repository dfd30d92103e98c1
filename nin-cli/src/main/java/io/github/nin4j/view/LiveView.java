package io.github.nin4j.view;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.nin4j.base.AtomicFile;
import io.github.nin4j.data.BatchLoader;
import io.github.nin4j.data.ImageSet;
import io.github.nin4j.data.Preprocessing;
import io.github.nin4j.report.CaptionedImage;
import io.github.nin4j.report.ConfusionMatrixChart;
import io.github.nin4j.report.ImageGrid;
import io.github.nin4j.train.BatchProgress;
import io.github.nin4j.train.EpochResult;
import io.github.nin4j.train.LiveProgress;
import io.github.nin4j.train.ProgressPoint;
import io.github.nin4j.train.RunControl;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.RunListener;
import io.github.nin4j.train.RunStart;
import io.github.nin4j.train.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code nin train --view} adds to a run, for the page: {@code view/live.json} with the
 * current epoch's curve points (d2l's five an epoch, as they come, where {@code history.json} has
 * them only when the epoch ends) and the time left, and after each epoch {@code view/confusion.png}
 * and {@code view/predictions.png}, the first test images with their true and predicted labels.
 *
 * <p>Opt-in, and it changes no number the run computes: it only reads what the loop hands it, and
 * predicts the test images with the network in evaluation mode (no dropout draw, no gradient) after
 * the epoch is saved; the loop reseeds the engine at the next epoch's start. A failure to write is
 * reported once and never stops the run.
 */
public final class LiveView implements RunListener {

    /** How many test images the predictions grid shows. */
    static final int PREDICTIONS = 18;

    /** The longest a page waits for news within a long epoch, in nanoseconds. */
    private static final long MAX_SILENCE_NANOS = 2_000_000_000L;

    /** AtomicFile closes the stream it hands out. */
    private static final ObjectMapper JSON =
            JsonMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private final RunDirectory run;
    private final ImageSet test;
    private final List<String> classNames;
    private final PrintWriter warnings;
    private final List<ProgressPoint> points = new ArrayList<>();
    private Preprocessing preprocessing;
    private int epochs;
    private int seed;
    private int epoch;
    private int batch;
    private int batches;
    private double examplesPerSecond = Double.NaN;
    private double secondsPerBatch = Double.NaN;
    private long lastWrite;
    private boolean warned;

    /**
     * Creates the listener.
     *
     * @param run the run directory
     * @param test the test split, whose first images the predictions grid shows
     * @param classNames the classes' names, by label
     * @param warnings where a failure to write is reported, once
     */
    public LiveView(
            RunDirectory run, ImageSet test, List<String> classNames, PrintWriter warnings) {
        this.run = run;
        this.test = test;
        this.classNames = List.copyOf(classNames);
        this.warnings = warnings;
    }

    @Override
    public void onRunStart(RunStart start) {
        preprocessing = start.manifest().preprocessing().forEvaluation();
        epochs = start.config().epochs();
        seed = start.manifest().currentSeed();
        epoch = start.completedEpochs();
    }

    @Override
    public void onEpochStart(int epoch, int batches) {
        this.epoch = epoch;
        this.batches = batches;
        this.batch = 0;
        points.clear();
        write("training");
    }

    @Override
    public void onBatch(BatchProgress progress, RunControl control) {
        seed = progress.seed();
        batch = progress.batch();
        batches = progress.batches();
        examplesPerSecond = progress.examplesPerSecond();
        secondsPerBatch = progress.seconds() / progress.batch();
        ProgressPoint point = progress.point();
        if (point != null) {
            points.add(point);
        }
        // Five points an epoch, and a word at least every two seconds between them: a handful
        // of small atomic writes an epoch, nothing a batch would notice.
        if (point != null || System.nanoTime() - lastWrite > MAX_SILENCE_NANOS) {
            write("training");
        }
    }

    @Override
    public void onEvaluating(int epoch) {
        write("evaluating");
    }

    @Override
    public void onEpoch(EpochResult result, RunControl control) {
        seed = result.seed();
        try {
            ConfusionMatrixChart.of(result.evaluation().confusionMatrix(), classNames)
                    .writePng(picture(ViewData.CONFUSION));
            writePredictions(result.model().getBlock());
        } catch (IOException | RuntimeException e) {
            warn(e);
        }
        // The epoch's points are in history.json now.
        points.clear();
        batch = 0;
        write("done");
    }

    @Override
    public void onRunEnd(TrainingResult result) {
        write(result.status().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Predicts the first test images in evaluation mode and draws them, true above predicted. */
    private void writePredictions(Block block) throws IOException {
        int n = Math.min(PREDICTIONS, test.size());
        if (n == 0) {
            return;
        }
        Device device = block.getParameters().valueAt(0).getArray().getDevice();
        long[] predicted;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray[] images = new NDArray[n];
            for (int i = 0; i < n; i++) {
                images[i] = BatchLoader.input(test, i, preprocessing, manager);
            }
            NDArray logits =
                    block.forward(
                                    new ParameterStore(manager, false),
                                    new NDList(NDArrays.stack(new NDList(images))),
                                    false)
                            .singletonOrThrow();
            predicted = logits.argMax(1).toLongArray();
        }
        List<CaptionedImage> tiles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tiles.add(
                    new CaptionedImage(
                            test.greyImage(i),
                            test.height(),
                            test.width(),
                            name(test.label(i)) + "\n" + name((int) predicted[i])));
        }
        ImageGrid.builder().setColumns(9).build().write(tiles, picture(ViewData.PREDICTIONS));
    }

    private String name(int label) {
        return label >= 0 && label < classNames.size() ? classNames.get(label) : "#" + label;
    }

    private Path picture(String name) {
        return run.file(ViewData.LIVE_DIRECTORY).resolve(name);
    }

    private void write(String phase) {
        lastWrite = System.nanoTime();
        Double remaining = null;
        if (Double.isFinite(secondsPerBatch) && batches > 0) {
            // Batches left at this epoch's pace; evaluation time is not known until it has run.
            long left = (long) (epochs - epoch) * batches + (batches - batch);
            remaining = Math.max(0, left) * secondsPerBatch;
        }
        try {
            LiveProgress live =
                    new LiveProgress(
                            phase,
                            seed,
                            epoch,
                            batch,
                            batches,
                            points,
                            Double.isFinite(examplesPerSecond) ? examplesPerSecond : null,
                            remaining);
            AtomicFile.write(run.file(LiveProgress.FILE), out -> JSON.writeValue(out, live));
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    private void warn(Exception e) {
        if (!warned) {
            warned = true;
            warnings.printf(
                    "warning: the page's files in %s cannot be written (%s); training goes on%n",
                    run.file(ViewData.LIVE_DIRECTORY), e.getMessage());
            warnings.flush();
        }
    }
}
