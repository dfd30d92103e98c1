package io.github.nin4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.precision.Precision;
import io.github.nin4j.train.EpochMetrics;
import io.github.nin4j.train.ProgressPoint;
import io.github.nin4j.train.RunSnapshot;
import io.github.nin4j.train.TrainingHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An experiment's snapshot: its variants' runs, pending cells and mean curves. */
class ExperimentSnapshotTest {

    @TempDir Path dir;

    private static final ExperimentGrid GRID =
            ExperimentGrid.standard()
                    .withVariants(List.of(Variant.standard("seed"), Variant.standard("fc-head")))
                    .withSeeds(List.of(1, 2, 3));

    /** A history whose epochs have these test accuracies, and one point per epoch of this loss. */
    private static TrainingHistory history(double... testAccuracies) {
        List<EpochMetrics> epochs = new ArrayList<>();
        List<ProgressPoint> points = new ArrayList<>();
        for (int e = 1; e <= testAccuracies.length; e++) {
            epochs.add(new EpochMetrics(e, 1, 0.5, testAccuracies[e - 1], 100, 1, 1));
            points.add(new ProgressPoint(e, 2 * testAccuracies[e - 1], testAccuracies[e - 1]));
        }
        return new TrainingHistory(epochs, points);
    }

    private static RunSnapshot run(String name, double... testAccuracies) {
        return RunSnapshot.of(name, null, history(testAccuracies), null);
    }

    private static List<String> names(ExperimentSnapshot.VariantState variant) {
        return variant.runs().stream().map(RunSnapshot::name).toList();
    }

    @Test
    void theCellsOfAPlanThatHaveNotStartedArePending() {
        ExperimentSnapshot snapshot =
                ExperimentSnapshot.builder()
                        .optPlan(new ExperimentPlan(GRID, List.of(), List.of()))
                        .addCells("seed", List.of(run("seed-1", 0.5), run("seed-3", 0.6)))
                        .build();
        assertThat(snapshot.variants())
                .extracting(ExperimentSnapshot.VariantState::name)
                .containsExactly("seed", "fc-head");
        ExperimentSnapshot.VariantState seed = snapshot.variants().get(0);
        assertThat(names(seed)).containsExactly("seed-2", "seed-1", "seed-3");
        assertThat(seed.runs().get(0).status()).isEqualTo(RunSnapshot.PENDING);
        assertThat(seed.description()).isEqualTo(Variant.standard("seed").description());
        ExperimentSnapshot.VariantState fc = snapshot.variants().get(1);
        assertThat(names(fc)).containsExactly("seed-1", "seed-2", "seed-3");
        assertThat(fc.runs()).allSatisfy(r -> assertThat(r.status()).isEqualTo("pending"));
        assertThat(fc.mean().test()).isEmpty();
    }

    @Test
    void meanCurvesOverRunsOfUnequalLengthTakeTheRunsThatReachedEachPoint() {
        ExperimentSnapshot.MeanCurves mean =
                ExperimentSnapshot.MeanCurves.of(
                        List.of(
                                run("seed-1", 0.2, 0.5, 0.6),
                                run("seed-2", 0.4, 0.3),
                                run("seed-3", 0.3),
                                RunSnapshot.pending("seed-4")));
        assertThat(mean.test()).hasSize(3);
        // Epoch 1 over three runs: 0.2, 0.4, 0.3.
        assertSpread(mean.test().get(0), 1, 0.3, 0.2, 0.4);
        // Epoch 2 over two: 0.5, 0.3.
        assertSpread(mean.test().get(1), 2, 0.4, 0.3, 0.5);
        // Epoch 3, one run.
        assertSpread(mean.test().get(2), 3, 0.6, 0.6, 0.6);
        // The points' loss is twice the test accuracy.
        assertSpread(mean.loss().get(1), 2, 0.8, 0.6, 1.0);
        assertSpread(mean.trainAccuracy().get(0), 1, 0.3, 0.2, 0.4);
    }

    private static void assertSpread(
            SeedSpread row, double epoch, double mean, double min, double max) {
        assertThat(row.epoch()).isEqualTo(epoch);
        assertThat(row.mean()).isCloseTo(mean, within(1e-12));
        assertThat(row.min()).isCloseTo(min, within(1e-12));
        assertThat(row.max()).isCloseTo(max, within(1e-12));
    }

    @Test
    void aSpreadIsARowInJson() throws Exception {
        assertThat(new ObjectMapper().writeValueAsString(new SeedSpread(2, 0.4, 0.3, 0.5)))
                .isEqualTo("[2.0,0.4,0.3,0.5]");
    }

    @Test
    void aReportKeptWithoutItsRunDirectoriesGivesItsRuns() {
        Cell cell = Cell.of(dir, Variant.standard("fc-head"), 2);
        ExperimentReport.Saved report =
                new ExperimentReport.Saved(
                        GRID, List.of(new CellResult(cell, history(0.4, 0.7), 0, 10)));
        ExperimentSnapshot snapshot =
                ExperimentSnapshot.builder()
                        .optReport(report)
                        .addCells("seed", List.of(run("seed-1", 0.5)))
                        .addCells("extra", List.of(run("seed-1", 0.1)))
                        .optTable(List.of(List.of("variant"), List.of("seed")))
                        .build();
        // The report's grid first, in its order, then any other directory.
        assertThat(snapshot.variants())
                .extracting(ExperimentSnapshot.VariantState::name)
                .containsExactly("seed", "fc-head", "extra");
        ExperimentSnapshot.VariantState fc = snapshot.variants().get(1);
        assertThat(names(fc)).containsExactly("seed-2");
        assertThat(fc.runs().get(0).status()).isEqualTo("completed");
        assertThat(fc.mean().test()).hasSize(2);
        assertThat(snapshot.variants().get(2).description()).isEmpty();
        assertThat(snapshot.table()).hasSize(2);
    }

    @Test
    void readsTheGridAndRunsOfAReportWrittenBeforeVariantsHadAPrecision() throws Exception {
        Cell cell = Cell.of(dir, Variant.standard("seed"), 1);
        String json =
                new ObjectMapper()
                        .writeValueAsString(
                                Map.of(
                                        "grid",
                                        GRID,
                                        "runs",
                                        List.of(new CellResult(cell, history(0.3), 0, 10)),
                                        "variants",
                                        List.of()))
                        .replace(",\"precision\":\"FP32\"", "");
        assertThat(json).doesNotContain("precision");
        Path file = Files.writeString(dir.resolve(ExperimentReport.JSON_FILE), json);
        ExperimentReport.Saved saved = ExperimentReport.read(file);
        assertThat(saved.grid()).isEqualTo(GRID);
        assertThat(saved.grid().variants().get(0).precision()).isEqualTo(Precision.FP32);
        assertThat(saved.runs())
                .singleElement()
                .satisfies(r -> assertThat(r.cell()).isEqualTo(cell));
    }

    @Test
    void aBrokenReportIsOneLineNamingIt() throws Exception {
        Path half = Files.writeString(dir.resolve(ExperimentReport.JSON_FILE), "{\"grid\": {\"var");
        assertThatThrownBy(() -> ExperimentReport.read(half))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(ExperimentReport.JSON_FILE)
                .hasMessageNotContaining("\n");
        Path csv =
                Files.writeString(
                        dir.resolve(ExperimentReport.CSV_FILE),
                        "variant,description\nseed,\"a, b\"\n");
        assertThat(ExperimentReport.readTable(csv))
                .containsExactly(List.of("variant", "description"), List.of("seed", "a, b"));
    }
}
