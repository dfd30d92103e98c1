package io.github.nin4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.data.FashionMnist;
import io.github.nin4j.data.LearnableImages;
import io.github.nin4j.model.Head;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.TestArchitectures;
import io.github.nin4j.precision.Precision;
import io.github.nin4j.train.EpochMetrics;
import io.github.nin4j.train.OnPlateau;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentTest {

    /** Two NiN blocks: small enough to train on generated 28×28 images in a second. */
    private static final NinArchitecture SMALL = TestArchitectures.SMALL;

    private static final FashionMnist DATA = LearnableImages.data(256, 64);

    private static final ExperimentGrid GRID =
            new ExperimentGrid(
                    List.of(Variant.standard("seed"), Variant.standard("no-1x1")),
                    List.of(1, 2),
                    28,
                    2,
                    0,
                    64);

    /** Counts parameters and multiply-adds for real; memory is a stand-in (measured elsewhere). */
    private static final VariantCost.Meter COUNTS_ONLY =
            (variant, architecture, resize, batch, layout, precision, directory) -> {
                long[] counts = VariantCost.count(architecture, resize);
                return new VariantCost(
                        variant,
                        architecture,
                        resize,
                        layout,
                        precision,
                        counts[0],
                        counts[1],
                        2000,
                        1000);
            };

    @TempDir Path dir;

    private Experiment experiment(
            ExperimentListener listener, java.util.function.BooleanSupplier stop) {
        return experiment(GRID, listener, stop);
    }

    private Experiment experiment(
            ExperimentGrid grid,
            ExperimentListener listener,
            java.util.function.BooleanSupplier stop) {
        return Experiment.builder()
                .setGrid(grid)
                .setData(DATA)
                .setDirectory(dir)
                .optBaseArchitecture(SMALL)
                .optMeter(COUNTS_ONLY)
                .optListener(listener)
                .optStopSignal(stop)
                .build();
    }

    /** One variant, one seed, one epoch. */
    private static ExperimentGrid oneCell(Variant variant) {
        return new ExperimentGrid(List.of(variant), List.of(1), 28, 1, 0, 64);
    }

    /** Records which cells trained and which were read back. */
    private static final class Recorder implements ExperimentListener {
        final List<String> started = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();

        @Override
        public void onCellStart(Cell cell, int index, int total, boolean resuming) {
            started.add(cell.name() + (resuming ? " (resumed)" : ""));
        }

        @Override
        public void onCellEnd(CellResult result, int index, int total, boolean skip) {
            if (skip) {
                skipped.add(result.cell().name());
            }
        }
    }

    @Test
    void runsEveryCellSeedBySeedAndSummarisesThem() throws IOException {
        Recorder recorder = new Recorder();
        ExperimentResult result = experiment(recorder, () -> false).run();

        assertThat(result.complete()).isTrue();
        assertThat(recorder.started)
                .containsExactly("seed/seed-1", "no-1x1/seed-1", "seed/seed-2", "no-1x1/seed-2");
        for (Cell cell : experiment(recorder, () -> false).cells()) {
            RunDirectory run = RunDirectory.open(cell.directory());
            assertThat(run.readManifest().status()).isEqualTo("completed");
            assertThat(run.readManifest().config().onPlateau()).isEqualTo(OnPlateau.WARN);
            assertThat(run.readManifest().config().seed()).isEqualTo(cell.seed());
            assertThat(run.readManifest().config().architecture().pointwise())
                    .isEqualTo(cell.variant().pointwise());
        }

        List<VariantSummary> summaries = ExperimentReport.of(result).summaries();
        assertThat(summaries).extracting(s -> s.variant().name()).containsExactly("seed", "no-1x1");
        for (VariantSummary s : summaries) {
            double[] finals = new double[2];
            for (int i = 0; i < 2; i++) {
                Path cell = dir.resolve(s.variant().name()).resolve("seed-" + (i + 1));
                List<EpochMetrics> epochs = RunDirectory.open(cell).readHistory().epochs();
                assertThat(epochs).hasSize(2);
                finals[i] = epochs.get(1).testAccuracy();
            }
            assertThat(s.runs()).isEqualTo(2);
            assertThat(s.testAccuracyMean()).isCloseTo((finals[0] + finals[1]) / 2, within());
            assertThat(s.testAccuracyMin()).isEqualTo(Math.min(finals[0], finals[1]));
            assertThat(s.testAccuracyMax()).isEqualTo(Math.max(finals[0], finals[1]));
            assertThat(s.testAccuracySpread())
                    .isCloseTo(Math.abs(finals[0] - finals[1]) / Math.sqrt(2), within());
            assertThat(s.testAccuracyCurve()).hasSize(2);
            assertThat(s.testAccuracyCurve().get(1)).isCloseTo(s.testAccuracyMean(), within());
            assertThat(s.examplesPerSecond()).isPositive();
        }
        // Each block of the seed's variant has two more 1x1 convolutions of 16 and 10 channels.
        long extra = 2 * (16 * 16 + 16) + 2 * (10 * 10 + 10);
        assertThat(summaries.get(0).cost().parameters() - summaries.get(1).cost().parameters())
                .isEqualTo(extra);
    }

    @Test
    void writesTheReportFiles() throws IOException {
        ExperimentResult result = experiment(new Recorder(), () -> false).run();
        ExperimentReport.of(result).write(dir);

        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("| seed | ").contains("| no-1x1 | ").contains("of 2 |");
        assertThat(md).contains("## Every run");
        List<String> csv = Files.readAllLines(dir.resolve("report.csv"));
        assertThat(csv).hasSize(3);
        assertThat(csv.get(0).split(",")).containsExactlyElementsOf(ExperimentReport.CSV_COLUMNS);
        assertThat(csv.get(2)).startsWith("no-1x1,\"no 1x1 convolutions\",0,global-pool,0.1,");
        assertThat(Files.size(dir.resolve("test-accuracy.png"))).isPositive();
        assertThat(Files.readString(dir.resolve("test-accuracy.svg"))).contains("<svg");
        assertThat(Files.readString(dir.resolve("report.json"))).contains("\"variants\"");
    }

    @Test
    void aRerunSkipsFinishedCellsAndResumesAnInterruptedOne() {
        AtomicInteger polls = new AtomicInteger();
        // Stops during the first cell's second epoch: its first epoch is saved.
        ExperimentResult partial =
                experiment(new Recorder(), () -> polls.incrementAndGet() > 6).run();
        assertThat(partial.complete()).isFalse();
        assertThat(partial.cells()).isEmpty();

        Recorder second = new Recorder();
        ExperimentResult done = experiment(second, () -> false).run();
        assertThat(done.complete()).isTrue();
        assertThat(second.started.get(0)).isEqualTo("seed/seed-1 (resumed)");
        assertThat(done.cells().get(0).history().epochs()).hasSize(2);

        Recorder third = new Recorder();
        ExperimentResult again = experiment(third, () -> false).run();
        assertThat(third.started).isEmpty();
        assertThat(third.skipped).hasSize(4);
        assertThat(again.cells()).isEqualTo(done.cells());
    }

    @Test
    void aCellHoldingAnotherConfigurationIsRefused() {
        Cell cell = Cell.of(dir, Variant.standard("seed"), 1);
        RunDirectory other = RunDirectory.create(cell.directory());
        TrainingConfig config = new TrainingConfig(SMALL, 2, 0.3, 64, 28, 0, 1, OnPlateau.WARN);
        other.writeManifest(
                io.github.nin4j.train.Manifest.begin(config, java.util.Map.of(), "cpu()"));

        assertThatThrownBy(() -> experiment(new Recorder(), () -> false).run())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(cell.directory().toString())
                .hasMessageContaining(
                        "with a different configuration: learning rate (cell has 0.3)");
    }

    @Test
    void aBf16VariantTrainsItsCellsAndMeasuresItsCostInBf16() {
        ExperimentResult result =
                experiment(oneCell(Variant.standard("bf16")), new Recorder(), () -> false).run();

        assertThat(result.complete()).isTrue();
        Cell cell = result.cells().get(0).cell();
        var manifest = RunDirectory.open(cell.directory()).readManifest();
        assertThat(manifest.status()).isEqualTo("completed");
        assertThat(manifest.engineCheck().precision()).isEqualTo(Precision.BF16);
        assertThat(result.costs())
                .extracting(VariantCost::precision)
                .containsExactly(Precision.BF16);
    }

    @Test
    void aFinishedFp32CellIsRefusedByAVariantThatAsksForBf16() {
        Variant fp32 = new Variant("half", "to be halved", 2, Head.GLOBAL_AVERAGE_POOL, 0.1);
        ExperimentResult first = experiment(oneCell(fp32), new Recorder(), () -> false).run();
        assertThat(first.complete()).isTrue();
        Cell cell = first.cells().get(0).cell();

        Variant bf16 =
                new Variant(
                        "half", "to be halved", 2, Head.GLOBAL_AVERAGE_POOL, 0.1, Precision.BF16);
        Recorder recorder = new Recorder();
        assertThatThrownBy(() -> experiment(oneCell(bf16), recorder, () -> false).run())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(cell.directory().toString())
                .hasMessageContaining("precision (cell has fp32)");
        assertThat(recorder.skipped).isEmpty();
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-12);
    }
}
