package io.github.nin4j.cli;

import io.github.nin4j.data.BatchLoader;
import io.github.nin4j.data.ImageDataset;
import io.github.nin4j.data.ImageSet;
import io.github.nin4j.report.ConfusionMatrixChart;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.TestSetEvaluation;
import io.github.nin4j.train.TrainedModel;
import io.github.nin4j.train.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nin evaluate RUN_DIR}: test loss, accuracy, per-class accuracy and confusion matrix. */
@Command(
        name = "evaluate",
        description =
                "Evaluate a run's trained network on the test set: loss, accuracy, per-class"
                        + " accuracy and the confusion matrix (printed, and as a PNG).")
final class EvaluateCommand extends Subcommand {

    @Parameters(paramLabel = "RUN_DIR", description = "A directory written by `nin train`.")
    Path runDir;

    @Option(
            names = "--out",
            paramLabel = "FILE.png",
            description = "Confusion matrix image (default: RUN_DIR/confusion.png).")
    Path out;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "Evaluate the first N test examples (default: the run's own --limit).")
    Integer limit;

    @Mixin DataOptions dataOptions;

    @Mixin EngineOptions engineOptions;

    @Mixin PrecisionOptions precisionOptions;

    @Override
    public Integer call() {
        PrintWriter stdout = stdout();
        RunDirectory run = RunDirectory.open(runDir);
        try (TrainedModel model =
                TrainedModel.load(run, engineOptions.compute(precisionOptions.choice()))) {
            stderr().println(model.engineCheck().summary());
            TrainingConfig config = model.config();
            ImageDataset data = dataOptions.datasetOf(stderr(), model.manifest());
            int n = limit != null ? limit : config.limit();
            ImageSet test = n > 0 ? data.test().limit(n) : data.test();
            TestSetEvaluation evaluation;
            try (BatchLoader loader =
                    BatchLoader.builder()
                            .setImages(test)
                            .setManager(model.manager())
                            .optBatchSize(config.batchSize())
                            .optPreprocessing(model.manifest().preprocessing().forEvaluation())
                            .optDevice(model.manager().getDevice())
                            .build()) {
                evaluation =
                        TestSetEvaluation.run(
                                loader.epoch(1), config.architecture().classes(), model::logits);
            }
            List<String> names = model.manifest().classNames();
            print(stdout, evaluation, names);
            Path image = out != null ? out : run.file("confusion.png");
            ConfusionMatrixChart.of(evaluation.confusionMatrix(), names).writePng(image);
            stdout.println("confusion matrix image: " + image);
            stdout.flush();
        }
        return 0;
    }

    private static void print(PrintWriter out, TestSetEvaluation e, List<String> names) {
        out.printf(
                "test loss %.3f, test acc %.3f (%d examples)%n",
                e.loss(), e.accuracy(), e.examples());
        out.println();
        out.println("per-class accuracy:");
        double[] perClass = e.perClassAccuracy();
        for (int c = 0; c < names.size(); c++) {
            out.printf("  %-12s %.3f%n", names.get(c), perClass[c]);
        }
        out.println();
        out.println("confusion matrix (rows: true class, columns: predicted class):");
        out.printf("%-12s", "");
        for (int c = 0; c < names.size(); c++) {
            out.printf("%7s", names.get(c).substring(0, Math.min(6, names.get(c).length())));
        }
        out.println();
        long[][] m = e.confusionMatrix();
        for (int r = 0; r < names.size(); r++) {
            out.printf("%-12s", names.get(r));
            for (int c = 0; c < names.size(); c++) {
                out.printf("%7d", m[r][c]);
            }
            out.println();
        }
    }
}
