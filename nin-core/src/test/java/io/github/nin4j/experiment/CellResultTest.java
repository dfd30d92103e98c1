package io.github.nin4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.nin4j.train.EpochMetrics;
import io.github.nin4j.train.TrainingHistory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellResultTest {

    private static CellResult cell(EpochMetrics... epochs) {
        TrainingHistory history = new TrainingHistory(List.of(epochs), List.of());
        return new CellResult(Cell.of(Path.of("x"), Variant.standard("seed"), 1), history, 0, 10);
    }

    private static EpochMetrics epoch(
            int n, double loss, double train, double test, double rate, double seconds) {
        return new EpochMetrics(n, loss, train, test, rate, seconds, 1);
    }

    @Test
    void stuckMeansLossAtLnTenAndTestAccuracyAtChanceAfterTheFirstEpoch() {
        assertThat(cell(epoch(1, 2.3026, 0.10, 0.10, 1, 1)).stuckAfterFirstEpoch()).isTrue();
        assertThat(cell(epoch(1, 2.3026, 0.10, 0.19, 1, 1)).stuckAfterFirstEpoch()).isFalse();
        assertThat(cell(epoch(1, 2.25, 0.10, 0.10, 1, 1)).stuckAfterFirstEpoch()).isFalse();
        // Only the first epoch counts: a run that leaves chance later was still stuck then.
        assertThat(
                        cell(epoch(1, 2.3, 0.1, 0.1, 1, 1), epoch(2, 1.0, 0.6, 0.7, 1, 1))
                                .stuckAfterFirstEpoch())
                .isTrue();
    }

    @Test
    void gapAndSpeedComeFromTheEpochs() {
        CellResult c = cell(epoch(1, 2.0, 0.3, 0.4, 100, 10), epoch(2, 1.0, 0.8, 0.7, 300, 30));
        assertThat(c.generalisationGap()).isCloseTo(0.1, within(1e-12));
        // 1000 + 9000 examples over 40 s of training steps.
        assertThat(c.examplesPerSecond()).isCloseTo(250, within(1e-9));
    }

    @Test
    void spreadIsTheSampleStandardDeviation() {
        assertThat(VariantSummary.spread(new double[] {0.7, 0.8, 0.9}))
                .isCloseTo(0.1, within(1e-12));
        assertThat(VariantSummary.spread(new double[] {0.7})).isZero();
    }
}
