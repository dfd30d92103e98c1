package io.github.nin4j.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import java.util.Iterator;
import java.util.function.Supplier;

/**
 * Times training steps and inference of a network held by a DJL {@code Trainer}. Each phase ends
 * when its engine calls return; on the CPU the PyTorch engine computes synchronously, so the wall
 * time between calls is the phase's compute time.
 */
public final class StepBenchmark {

    private final Trainer trainer;

    /**
     * Creates the benchmark.
     *
     * @param trainer an initialised trainer with the network, loss and optimizer
     */
    public StepBenchmark(Trainer trainer) {
        this.trainer = trainer;
    }

    /**
     * Runs training steps and returns the mean time per step by phase.
     *
     * @param batches where batches come from; each is closed after its step
     * @param steps how many steps to time
     * @return mean seconds per step by phase
     */
    public StepTimes train(Supplier<Iterator<Batch>> batches, int steps) {
        double wait = 0;
        double forward = 0;
        double backward = 0;
        double update = 0;
        Endless it = new Endless(batches);
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            try (Batch batch = it.next()) {
                long t1 = System.nanoTime();
                long t2;
                long t3;
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray logits = trainer.forward(batch.getData()).singletonOrThrow();
                    NDArray loss =
                            trainer.getLoss().evaluate(batch.getLabels(), new NDList(logits));
                    t2 = System.nanoTime();
                    collector.backward(loss);
                    t3 = System.nanoTime();
                }
                trainer.step();
                long t4 = System.nanoTime();
                wait += t1 - t0;
                forward += t2 - t1;
                backward += t3 - t2;
                update += t4 - t3;
            }
        }
        return new StepTimes(
                wait / 1e9 / steps,
                forward / 1e9 / steps,
                backward / 1e9 / steps,
                update / 1e9 / steps);
    }

    /**
     * Runs forward passes in evaluation mode and returns the mean time per batch.
     *
     * @param batches where batches come from; each is closed after its pass
     * @param steps how many passes to time
     * @return mean seconds per batch: data wait and forward
     */
    public StepTimes infer(Supplier<Iterator<Batch>> batches, int steps) {
        double wait = 0;
        double forward = 0;
        Endless it = new Endless(batches);
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            try (Batch batch = it.next()) {
                long t1 = System.nanoTime();
                trainer.evaluate(batch.getData()).singletonOrThrow().getShape();
                wait += t1 - t0;
                forward += System.nanoTime() - t1;
            }
        }
        return new StepTimes(wait / 1e9 / steps, forward / 1e9 / steps, 0, 0);
    }

    /**
     * Times the data pipeline alone: producing batches without training on them.
     *
     * @param batches where batches come from
     * @param steps how many batches to take
     * @return mean seconds per batch as data wait
     */
    public static StepTimes data(Supplier<Iterator<Batch>> batches, int steps) {
        long start = System.nanoTime();
        Endless it = new Endless(batches);
        for (int i = 0; i < steps; i++) {
            it.next().close();
        }
        return new StepTimes((System.nanoTime() - start) / 1e9 / steps, 0, 0, 0);
    }

    /** Batches without end: a new epoch starts whenever one runs out. */
    private static final class Endless {
        private final Supplier<Iterator<Batch>> epochs;
        private Iterator<Batch> current;

        Endless(Supplier<Iterator<Batch>> epochs) {
            this.epochs = epochs;
            this.current = epochs.get();
        }

        Batch next() {
            if (!current.hasNext()) {
                current = epochs.get();
            }
            return current.next();
        }
    }
}
