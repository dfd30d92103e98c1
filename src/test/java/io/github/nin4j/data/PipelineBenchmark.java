package io.github.nin4j.data;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.nin4j.model.NinArchitecture;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/**
 * Measures the data pipeline against a training step of the seed's NiN (not a unit test: it needs
 * the real data and takes minutes on a CPU). Run from the repository root after {@code mvn
 * test-compile}:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(mvn -q dependency:build-classpath
 *     -Dmdep.outputFile=/dev/stdout) io.github.nin4j.data.PipelineBenchmark [DIR] [STEPS]
 * </pre>
 *
 * <p>It prints the time to parse the four files, the time to make one batch of 128 at 224 pixels
 * without prefetching, the time of one forward and backward pass, and, with prefetching, how long
 * the training loop waits for each batch.
 */
public final class PipelineBenchmark {

    private static final int BATCH = 128;
    private static final int SIZE = 224;

    private PipelineBenchmark() {}

    /**
     * Runs the measurements.
     *
     * @param args optional data directory (default the Debian package's) and number of training
     *     steps (default 5)
     */
    public static void main(String[] args) {
        Path directory = Path.of(args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        DataSource source = DataSource.of(directory, "benchmark");

        double[] parse = new double[3];
        FashionMnist data = null;
        for (int i = 0; i < parse.length; i++) {
            long start = System.nanoTime();
            data = FashionMnist.load(source);
            parse[i] = seconds(start);
        }
        report("parse the four files (load)", parse);

        double makeBatch;
        try (NDManager manager = NDManager.newBaseManager();
                BatchLoader loader =
                        BatchLoader.builder()
                                .setImages(data.train())
                                .setManager(manager)
                                .optShuffle(true)
                                .optPrefetch(false)
                                .build()) {
            Iterator<Batch> epoch = loader.epoch(0);
            epoch.next().close();
            double[] make = new double[20];
            for (int i = 0; i < make.length; i++) {
                long start = System.nanoTime();
                epoch.next().close();
                make[i] = seconds(start);
            }
            report("make one batch, no prefetch (" + BATCH + "x1x" + SIZE + "x" + SIZE + ")", make);
            makeBatch = median(make);
        }

        try (Model model = Model.newInstance("nin")) {
            model.setBlock(NinArchitecture.seed().newNetwork().getBlock());
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optOptimizer(
                                    Optimizer.sgd()
                                            .setLearningRateTracker(Tracker.fixed(0.1f))
                                            .build());
            try (Trainer trainer = model.newTrainer(config);
                    BatchLoader loader =
                            BatchLoader.builder()
                                    .setImages(data.train())
                                    .setManager(model.getNDManager())
                                    .optShuffle(true)
                                    .optDevice(trainer.getDevices()[0])
                                    .build()) {
                trainer.initialize(new Shape(BATCH, 1, SIZE, SIZE));
                Iterator<Batch> epoch = loader.epoch(0);
                double[] wait = new double[steps];
                double[] step = new double[steps];
                for (int i = -1; i < steps; i++) {
                    long start = System.nanoTime();
                    try (Batch batch = epoch.next()) {
                        double waited = seconds(start);
                        long train = System.nanoTime();
                        EasyTrain.trainBatch(trainer, batch);
                        trainer.step();
                        if (i >= 0) {
                            wait[i] = waited;
                            step[i] = seconds(train);
                        }
                    }
                }
                report(
                        "forward+backward+update of the seed NiN (" + trainer.getDevices()[0] + ")",
                        step);
                report("wait for the next batch, prefetch on", wait);
                double train = median(step);
                System.out.printf(
                        Locale.ROOT,
                        "data share of a step: %.2f%% if made in line, %.3f%% with prefetch%n",
                        100 * makeBatch / (makeBatch + train),
                        100 * median(wait) / (median(wait) + train));
            }
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void report(String what, double[] seconds) {
        System.out.printf(
                Locale.ROOT,
                "%-60s median %8.1f ms  min %8.1f ms  (n=%d)%n",
                what,
                1000 * median(seconds),
                1000 * Arrays.stream(seconds).min().orElseThrow(),
                seconds.length);
    }
}
