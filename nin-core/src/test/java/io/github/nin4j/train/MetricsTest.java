package io.github.nin4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import io.github.nin4j.interop.ParityFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void epochLossIsExampleWeightedLikeD2l() {
        EpochAccumulator acc = new EpochAccumulator();
        acc.add(1.0, 100, 128);
        acc.add(3.0, 10, 32);
        // d2l: sum(l * X.shape[0]) / n = (128·1 + 32·3) / 160 = 1.4, not the batch mean 2.0
        assertThat(acc.loss()).isCloseTo(1.4, within(1e-12));
        assertThat(acc.accuracy()).isCloseTo(110.0 / 160, within(1e-12));
        assertThat(acc.examples()).isEqualTo(160);
        assertThat(new EpochAccumulator().loss()).isNaN();
    }

    @Test
    void crossEntropyMatchesHandComputation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[] {1, 2, 3, 0, 0, 0}, new Shape(2, 3));
            NDArray labels = manager.create(new long[] {2, 0});
            double z = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
            double expected = ((z - 3) + Math.log(3)) / 2;
            double actual =
                    Loss.softmaxCrossEntropyLoss()
                            .evaluate(new NDList(labels), new NDList(logits))
                            .getFloat();
            assertThat(actual).isCloseTo(expected, within(1e-6));
        }
    }

    /**
     * DJL's default softmax cross-entropy is the seed's {@code nn.CrossEntropyLoss()}: on the
     * committed parity fixture it gives PyTorch's loss for PyTorch's own logits, and what the
     * project's own loss (log-softmax, one-hot pick, batch mean) gave before DJL's replaced it.
     */
    @Test
    void djlCrossEntropyIsPytorchsOnTheParityFixture() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ParityFixture fixture =
                    ParityFixture.read(Path.of("src", "test", "resources", "parity"), manager);
            NDArray logits = fixture.logits();
            NDArray labels = fixture.labels();
            double djl =
                    Loss.softmaxCrossEntropyLoss()
                            .evaluate(new NDList(labels), new NDList(logits))
                            .getFloat();
            int classes = (int) logits.getShape().get(1);
            double byHand =
                    logits.logSoftmax(1)
                            .mul(labels.oneHot(classes))
                            .sum(new int[] {1})
                            .neg()
                            .mean()
                            .getFloat();
            assertThat(djl).isCloseTo(fixture.loss().getFloat(), within(1e-6));
            assertThat(djl).isCloseTo(byHand, within(1e-6));
        }
    }

    @Test
    void crossEntropyIsStableForLargeLogits() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[] {1000, 0}, new Shape(1, 2));
            NDArray labels = manager.create(new long[] {1});
            float loss =
                    Loss.softmaxCrossEntropyLoss()
                            .evaluate(new NDList(labels), new NDList(logits))
                            .getFloat();
            assertThat(loss).isCloseTo(1000f, within(1e-3f));
        }
    }

    @Test
    void testSetEvaluationCountsConfusionAndAccuracy() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Identity "network": the batch data are the logits.
            Batch first = batch(manager, new float[] {5, 0, 0, 0, 5, 0}, new long[] {0, 2});
            Batch second = batch(manager, new float[] {0, 0, 5}, new long[] {2});
            TestSetEvaluation e =
                    TestSetEvaluation.run(List.of(first, second).iterator(), 3, NDList::head);
            assertThat(e.examples()).isEqualTo(3);
            assertThat(e.accuracy()).isCloseTo(2.0 / 3, within(1e-12));
            assertThat(e.confusionMatrix())
                    .isDeepEqualTo(new long[][] {{1, 0, 0}, {0, 0, 0}, {0, 1, 1}});
            assertThat(e.perClassAccuracy()[0]).isEqualTo(1.0);
            assertThat(e.perClassAccuracy()[1]).isNaN();
            assertThat(e.perClassAccuracy()[2]).isEqualTo(0.5);
            assertThat(e.neverPredicted()).isEmpty();

            Batch onlyTwoClasses =
                    batch(manager, new float[] {5, 0, 0, 0, 5, 0}, new long[] {0, 2});
            assertThat(
                            TestSetEvaluation.run(
                                            List.of(onlyTwoClasses).iterator(), 3, NDList::head)
                                    .neverPredicted())
                    .containsExactly(2);
            double confident = Math.log(1 + 2 * Math.exp(-5));
            double wrong = 5 + confident;
            assertThat(e.loss()).isCloseTo((2 * confident + wrong) / 3, within(1e-5));
        }
    }

    private static Batch batch(NDManager parent, float[] logits, long[] labels) {
        NDManager manager = parent.newSubManager();
        int n = labels.length;
        return new Batch(
                manager,
                new NDList(manager.create(logits, new Shape(n, logits.length / n))),
                new NDList(manager.create(labels)),
                n,
                null,
                null,
                0,
                1);
    }
}
