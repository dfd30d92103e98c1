package io.github.nin4j.cli;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;
import io.github.nin4j.base.Reasons;
import io.github.nin4j.data.BatchLoader;
import io.github.nin4j.data.ImageSet;
import io.github.nin4j.inference.RunModels;
import io.github.nin4j.report.CaptionedImage;
import io.github.nin4j.report.ImageGrid;
import io.github.nin4j.train.Manifest;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.TrainedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nin predict RUN_DIR [IMAGE...]}: the class of each image with its probability; without
 * images, d2l's {@code predict_ch3}: the first test images with true and predicted labels.
 */
@Command(
        name = "predict",
        description = {
            "Classify images with a run's trained network: the class and its probability for each.",
            "Images (PNG or JPEG, any size or colour) are made like Fashion-MNIST's: grayscale,"
                    + " negated when the background is light (items are light on black), longer"
                    + " side scaled to 28 and centred; then resized as in training.",
            "Without images: a picture of the first test images with true and predicted labels."
        })
final class PredictCommand extends Subcommand {

    @Parameters(
            index = "0",
            paramLabel = "RUN_DIR",
            description = "A directory written by `nin train`.")
    Path runDir;

    @Parameters(index = "1..*", paramLabel = "IMAGE", description = "PNG or JPEG files.")
    List<Path> images = new ArrayList<>();

    @Option(
            names = "--count",
            defaultValue = "18",
            description =
                    "Without images: how many test images to show (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(
            names = "--out",
            paramLabel = "FILE.png",
            description = "Without images: the picture (default: RUN_DIR/predictions.png).")
    Path out;

    @Mixin DataOptions dataOptions;

    @Mixin EngineOptions engineOptions;

    @Mixin PrecisionOptions precisionOptions;

    @Override
    public Integer call() {
        PrintWriter stdout = stdout();
        RunDirectory run = RunDirectory.open(runDir);
        Commands.atLeast("--count", count, 1);
        Manifest manifest = run.readManifest();
        if (images.isEmpty()) {
            ImageSet inputs = dataOptions.datasetOf(stderr(), manifest).test().limit(count);
            try (TrainedModel model =
                    TrainedModel.load(run, engineOptions.compute(precisionOptions.choice()))) {
                stderr().println(model.engineCheck().summary());
                showTestImages(stdout, run, inputs, predict(model, inputs), manifest.classNames());
            }
        } else {
            classify(stdout, manifest);
        }
        stdout.flush();
        return 0;
    }

    /**
     * The photos' classes, through the library's DJL predictor, which converts each photo as the
     * run's training images were; in batches of the run's batch size, as training computed.
     */
    private void classify(PrintWriter stdout, Manifest manifest) {
        // Every file is read first, so that a bad one is reported before the network loads.
        List<Image> photos = images.stream().map(RunModels::readImage).toList();
        int batchSize = manifest.config().batchSize();
        try (ZooModel<Image, Classifications> model =
                        RunModels.load(runDir, engineOptions.compute(precisionOptions.choice()));
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            stderr().println(RunModels.engineCheck(model));
            for (int from = 0; from < photos.size(); from += batchSize) {
                int to = Math.min(photos.size(), from + batchSize);
                List<Classifications> results = predictor.batchPredict(photos.subList(from, to));
                for (int i = from; i < to; i++) {
                    Classifications.Classification best = results.get(i - from).best();
                    stdout.printf(
                            "%s: %s (%.1f%%)%n",
                            images.get(i), best.getClassName(), 100 * best.getProbability());
                }
            }
        } catch (TranslateException e) {
            // DJL's predictor wraps what the translator throws; a caller's error stays one.
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("prediction failed: " + Reasons.of(e), e);
        }
    }

    private record Prediction(int label, double probability) {}

    private static List<Prediction> predict(TrainedModel model, ImageSet inputs) {
        List<Prediction> predictions = new ArrayList<>();
        try (BatchLoader loader =
                BatchLoader.builder()
                        .setImages(inputs)
                        .setManager(model.manager())
                        .optBatchSize(model.config().batchSize())
                        .optPreprocessing(model.manifest().preprocessing().forEvaluation())
                        .optDevice(model.manager().getDevice())
                        .optPrefetch(false)
                        .build()) {
            Iterator<Batch> batches = loader.epoch(1);
            while (batches.hasNext()) {
                try (Batch batch = batches.next()) {
                    NDArray probabilities = model.logits(batch.getData()).softmax(1);
                    long[] labels = probabilities.argMax(1).toLongArray();
                    float[] best = probabilities.max(new int[] {1}).toFloatArray();
                    for (int i = 0; i < labels.length; i++) {
                        predictions.add(new Prediction((int) labels[i], best[i]));
                    }
                }
            }
        }
        return predictions;
    }

    private void showTestImages(
            PrintWriter stdout,
            RunDirectory run,
            ImageSet test,
            List<Prediction> predictions,
            List<String> names) {
        List<CaptionedImage> tiles = new ArrayList<>();
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            String truth = names.get(test.label(i));
            String predicted = names.get(predictions.get(i).label());
            correct += test.label(i) == predictions.get(i).label() ? 1 : 0;
            stdout.printf(
                    "%3d  true %-12s predicted %-12s (%.1f%%)%n",
                    i, truth, predicted, 100 * predictions.get(i).probability());
            tiles.add(
                    new CaptionedImage(
                            test.greyImage(i),
                            test.height(),
                            test.width(),
                            truth + "\n" + predicted));
        }
        Path picture = out != null ? out : run.file("predictions.png");
        try {
            ImageGrid.builder().setColumns(Math.min(9, test.size())).build().write(tiles, picture);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + picture + ": " + Reasons.of(e), e);
        }
        stdout.printf(
                "%d of %d correct; picture (true above predicted): %s%n",
                correct, test.size(), picture);
    }
}
