package io.github.nin4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Loss, accuracy and confusion matrix over a whole split in evaluation mode (dropout off, no
 * gradient), as d2l's {@code evaluate_accuracy_gpu} computes accuracy.
 */
public final class TestSetEvaluation {

    private final long[][] confusion;
    private double lossSum;
    private long examples;

    private TestSetEvaluation(int classes) {
        this.confusion = new long[classes][classes];
    }

    /**
     * Evaluates every batch of an iterator, closing each.
     *
     * @param batches the split's batches
     * @param classes the number of classes
     * @param forward the network in evaluation mode: images to logits
     * @return the evaluation
     */
    public static TestSetEvaluation run(
            Iterator<Batch> batches, int classes, Function<NDList, NDArray> forward) {
        TestSetEvaluation evaluation = new TestSetEvaluation(classes);
        // The seed's nn.CrossEntropyLoss(), as in training (see SeedTrainerConfig).
        Loss loss = Loss.softmaxCrossEntropyLoss();
        while (batches.hasNext()) {
            try (Batch batch = batches.next()) {
                NDArray logits = forward.apply(batch.getData());
                NDArray labels = batch.getLabels().singletonOrThrow();
                long[] truth = labels.toType(DataType.INT64, false).toLongArray();
                // The batch mean times the batch's size: a partial last batch weighs by its
                // examples.
                evaluation.lossSum +=
                        (double) loss.evaluate(batch.getLabels(), new NDList(logits)).getFloat()
                                * truth.length;
                long[] predicted = logits.argMax(1).toLongArray();
                for (int i = 0; i < truth.length; i++) {
                    evaluation.confusion[(int) truth[i]][(int) predicted[i]]++;
                }
                evaluation.examples += truth.length;
            }
        }
        return evaluation;
    }

    /**
     * The mean loss per example.
     *
     * @return mean loss
     */
    public double loss() {
        return lossSum / examples;
    }

    /**
     * The fraction predicted correctly.
     *
     * @return accuracy
     */
    public double accuracy() {
        long correct = IntStream.range(0, confusion.length).mapToLong(c -> confusion[c][c]).sum();
        return (double) correct / examples;
    }

    /**
     * The accuracy within each true class.
     *
     * @return one accuracy per class; NaN for a class with no examples
     */
    public double[] perClassAccuracy() {
        double[] accuracy = new double[confusion.length];
        for (int c = 0; c < confusion.length; c++) {
            long total = Arrays.stream(confusion[c]).sum();
            accuracy[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        return accuracy;
    }

    /**
     * The classes the network never predicted. On a test set with examples of every class, a class
     * never predicted usually means its output channel died: the partial form of NiN's known
     * failure.
     *
     * @return class indices, ascending
     */
    public List<Integer> neverPredicted() {
        return IntStream.range(0, confusion.length)
                .filter(c -> Arrays.stream(confusion).allMatch(row -> row[c] == 0))
                .boxed()
                .toList();
    }

    /**
     * Counts by true class (rows) and predicted class (columns).
     *
     * @return a copy of the confusion matrix
     */
    public long[][] confusionMatrix() {
        return Arrays.stream(confusion).map(long[]::clone).toArray(long[][]::new);
    }

    /**
     * The number of examples evaluated.
     *
     * @return examples
     */
    public long examples() {
        return examples;
    }
}
