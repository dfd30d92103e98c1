package io.github.nin4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlateauDetectorTest {

    private static final double LN10 = Math.log(10);

    @Test
    void aWholeEpochAtChanceIsAPlateau() {
        PlateauDetector detector = new PlateauDetector(10);
        Optional<PlateauDetector.Diagnosis> last = Optional.empty();
        for (int i = 1; i <= 5; i++) {
            assertThat(last).isEmpty();
            last = detector.observe(new ProgressPoint(i / 5.0, LN10 + 0.002, 0.101));
        }
        assertThat(last).isPresent();
        assertThat(last.get().kind()).isEqualTo(PlateauDetector.Diagnosis.Kind.STUCK_AT_CHANCE);
        assertThat(last.get().explanation())
                .contains("2.305")
                .contains("Another seed usually trains (--on-plateau restart)");
    }

    @Test
    void aRunThatLeavesChanceIsNotFlagged() {
        PlateauDetector detector = new PlateauDetector(10);
        double[] losses = {2.303, 2.302, 2.301, 2.25, 2.1, 1.9, 1.5};
        double[] accs = {0.10, 0.10, 0.11, 0.15, 0.22, 0.31, 0.45};
        for (int i = 0; i < losses.length; i++) {
            assertThat(detector.observe(new ProgressPoint(i / 5.0, losses[i], accs[i]))).isEmpty();
        }
    }

    @Test
    void lossAtChanceWithAccuracyAboveChanceIsNotAPlateau() {
        PlateauDetector detector = new PlateauDetector(10);
        for (int i = 1; i <= 6; i++) {
            assertThat(detector.observe(new ProgressPoint(i / 5.0, LN10, 0.2))).isEmpty();
        }
    }

    @Test
    void nanOrInfiniteLossIsCaughtAtOnce() {
        PlateauDetector detector = new PlateauDetector(10);
        assertThat(detector.checkLoss(1, 7, 1.2)).isEmpty();
        assertThat(detector.checkLoss(2, 3, Double.NaN))
                .hasValueSatisfying(
                        d -> {
                            assertThat(d.kind()).isEqualTo(PlateauDetector.Diagnosis.Kind.DIVERGED);
                            assertThat(d.explanation()).contains("NaN at epoch 2, batch 3");
                        });
        assertThat(detector.checkLoss(1, 1, Double.POSITIVE_INFINITY)).isPresent();
    }

    @Test
    void chanceDependsOnTheNumberOfClasses() {
        PlateauDetector detector = new PlateauDetector(4);
        Optional<PlateauDetector.Diagnosis> last = Optional.empty();
        for (int i = 1; i <= 5; i++) {
            last = detector.observe(new ProgressPoint(i, Math.log(4), 0.25));
        }
        assertThat(last).isPresent();
    }
}
