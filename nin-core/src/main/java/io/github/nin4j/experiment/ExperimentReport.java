package io.github.nin4j.experiment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.github.nin4j.base.AtomicFile;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * An experiment's report: the table of variants as Markdown ({@code report.md}, with every run
 * listed below it) and CSV ({@code report.csv}), the same as JSON ({@code report.json}), and the
 * test-accuracy curves of all variants in one plot ({@code test-accuracy.png}, {@code .svg}). Every
 * file is written atomically.
 */
public final class ExperimentReport {

    /** The report as JSON, in the experiment's directory. */
    public static final String JSON_FILE = "report.json";

    /** The table as CSV, in the experiment's directory. */
    public static final String CSV_FILE = "report.csv";

    /** A column of the CSV table: its name and a variant's value. */
    private record Column(String name, Function<VariantSummary, Object> value) {}

    private static final List<Column> COLUMNS =
            List.of(
                    new Column("variant", s -> s.variant().name()),
                    new Column("description", s -> quoted(s.variant().description())),
                    new Column("pointwise", s -> s.variant().pointwise()),
                    new Column("head", s -> s.variant().head().cliName()),
                    new Column("learning_rate", s -> s.variant().learningRate()),
                    new Column("precision", s -> precisionName(s.variant())),
                    new Column("parameters", s -> s.cost().parameters()),
                    new Column("multiply_adds", s -> s.cost().multiplyAdds()),
                    new Column(
                            "training_bytes_per_example", s -> s.cost().trainingBytesPerExample()),
                    new Column(
                            "inference_bytes_per_example",
                            s -> s.cost().inferenceBytesPerExample()),
                    new Column("runs", VariantSummary::runs),
                    new Column("test_accuracy_mean", VariantSummary::testAccuracyMean),
                    new Column("test_accuracy_sd", VariantSummary::testAccuracySpread),
                    new Column("test_accuracy_min", VariantSummary::testAccuracyMin),
                    new Column("test_accuracy_max", VariantSummary::testAccuracyMax),
                    new Column("stuck_after_epoch_1", VariantSummary::stuckAfterFirstEpoch),
                    new Column("classes_never_predicted", VariantSummary::classesNeverPredicted),
                    new Column("train_test_gap", VariantSummary::generalisationGap),
                    new Column("examples_per_second", VariantSummary::examplesPerSecond));

    /** The table's columns, as the CSV names them. */
    static final List<String> CSV_COLUMNS = COLUMNS.stream().map(Column::name).toList();

    private static final Color[] COLORS = {
        new Color(31, 119, 180),
        new Color(255, 127, 14),
        new Color(44, 160, 44),
        new Color(214, 39, 40),
        new Color(148, 103, 189),
        new Color(140, 86, 75),
        new Color(227, 119, 194),
        new Color(127, 127, 127)
    };

    private final ExperimentResult result;
    private final List<VariantSummary> summaries;

    private ExperimentReport(ExperimentResult result) {
        this.result = result;
        this.summaries = result.summaries();
    }

    /**
     * The report of a finished experiment.
     *
     * @param result the experiment's result, complete
     * @return the report
     */
    public static ExperimentReport of(ExperimentResult result) {
        return new ExperimentReport(result);
    }

    /**
     * The variants' summaries, in the grid's order.
     *
     * @return one per variant
     */
    public List<VariantSummary> summaries() {
        return summaries;
    }

    /**
     * Writes the report's files into a directory.
     *
     * @param directory the experiment's directory
     */
    public void write(Path directory) {
        AtomicFile.write(
                directory.resolve("report.md"),
                out -> out.write(markdown().getBytes(StandardCharsets.UTF_8)));
        AtomicFile.write(
                directory.resolve(CSV_FILE),
                out -> out.write(csv().getBytes(StandardCharsets.UTF_8)));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("grid", result.grid());
        document.put("variants", summaries);
        document.put("runs", result.cells());
        document.put("unfinished", result.unfinished());
        AtomicFile.writeJson(directory.resolve(JSON_FILE), document);
        XYChart chart = chart();
        AtomicFile.write(
                directory.resolve("test-accuracy.png"),
                out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        AtomicFile.write(
                directory.resolve("test-accuracy.svg"),
                out ->
                        VectorGraphicsEncoder.saveVectorGraphic(
                                chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
    }

    /**
     * What {@link #JSON_FILE} keeps of an experiment for reading back: its grid and its finished
     * runs with their histories, the summaries being computed from those.
     *
     * @param grid the grid
     * @param runs the finished cells, in the order they ran
     */
    public record Saved(ExperimentGrid grid, List<CellResult> runs) {

        /** Copies the list; a report without runs has none. */
        public Saved {
            Objects.requireNonNull(grid, "grid");
            runs = runs == null ? List.of() : List.copyOf(runs);
        }
    }

    /**
     * Reads the grid and the runs of a report's JSON.
     *
     * @param file the report's {@link #JSON_FILE}
     * @return what it keeps
     * @throws InvalidInputException naming the file when it cannot be read or holds no grid
     */
    public static Saved read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Saved saved =
                    JsonMapper.builder()
                            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                            .build()
                            .readValue(in, Saved.class);
            if (saved == null) {
                throw new IOException("empty file");
            }
            return saved;
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(
                    file + " cannot be read (" + Reasons.ofReading(e) + ")", e);
        }
    }

    /**
     * Reads the table of a report's CSV, header first.
     *
     * @param file the report's {@link #CSV_FILE}
     * @return its rows, each a list of cells
     * @throws InvalidInputException naming the file when it cannot be read
     */
    public static List<List<String>> readTable(Path file) {
        CsvMapper csv = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (MappingIterator<String[]> it =
                csv.readerFor(String[].class).readValues(Files.readString(file))) {
            return it.readAll().stream().map(List::of).toList();
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(
                    file + " cannot be read (" + Reasons.ofReading(e) + ")", e);
        }
    }

    /**
     * The report as Markdown: the grid, the table of variants, and every run.
     *
     * @return the Markdown text
     */
    public String markdown() {
        ExperimentGrid grid = result.grid();
        StringBuilder md = new StringBuilder();
        md.append("# NiN experiment\n\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "Fashion-MNIST resized to %d px, %d epoch%s, %s, batch %d, plain SGD,"
                                + " seeds %s. Each run keeps its run directory under"
                                + " `<variant>/seed-<n>`.%n%n",
                        grid.resize(),
                        grid.epochs(),
                        grid.epochs() == 1 ? "" : "s",
                        grid.limit() == 0
                                ? "all examples"
                                : "the first " + grid.limit() + " examples of each split",
                        grid.batchSize(),
                        grid.seeds()));
        md.append(
                "| variant | parameters | multiply-adds per example | training memory per"
                        + " example | inference memory per example | test accuracy: mean ± sd"
                        + " [min, max] | stuck after epoch 1 | classes never predicted |"
                        + " train − test accuracy | examples/sec |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |\n");
        for (VariantSummary s : summaries) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %,d | %.1f M | %.2f MiB | %.2f MiB | %.3f ± %.3f [%.3f, %.3f]"
                                    + " | %d of %d | %.1f | %+.3f | %.1f |%n",
                            s.variant().name(),
                            s.cost().parameters(),
                            s.cost().multiplyAdds() / 1e6,
                            s.cost().trainingBytesPerExample() / 1048576.0,
                            s.cost().inferenceBytesPerExample() / 1048576.0,
                            s.testAccuracyMean(),
                            s.testAccuracySpread(),
                            s.testAccuracyMin(),
                            s.testAccuracyMax(),
                            s.stuckAfterFirstEpoch(),
                            s.runs(),
                            s.classesNeverPredicted(),
                            s.generalisationGap(),
                            s.examplesPerSecond()));
        }
        md.append("\nThe variants:\n\n");
        for (VariantSummary s : summaries) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "- `%s`: %s (1x1 convolutions per block: %d; head: %s; learning rate"
                                    + " %s; precision: %s).%n",
                            s.variant().name(),
                            s.variant().description(),
                            s.variant().pointwise(),
                            s.variant().head().cliName(),
                            s.variant().learningRate(),
                            precisionName(s.variant())));
        }
        md.append(
                "\nHow the columns are measured:\n\n"
                        + "- Memory per example: the process's peak resident memory (VmHWM) of"
                        + " one training step, or one inference pass, in the variant's precision,"
                        + " at twice the batch minus that at a quarter of it, each in a fresh"
                        + " process, divided by the difference in examples.\n"
                        + "- Stuck after epoch 1: training loss within 0.01 of ln(classes) and"
                        + " test accuracy below chance + 0.02 after the first epoch.\n"
                        + "- Classes never predicted: by the final network, on the test set.\n"
                        + "- Train − test accuracy: d2l's training accuracy (over the last"
                        + " epoch's batches, dropout on) minus the test accuracy; positive"
                        + " means the network fits its training images better than unseen"
                        + " ones.\n"
                        + "- Examples/sec: training steps only, waits for data included, as"
                        + " `nin train` reports; cells ran seed by seed with the variants"
                        + " alternating.\n");
        md.append("\n## Every run\n\n");
        md.append(
                "| variant | seed | test accuracy after each epoch | final train loss |"
                        + " classes never predicted | examples/sec |\n");
        md.append("| --- | ---: | --- | ---: | ---: | ---: |\n");
        for (CellResult c : result.cells()) {
            List<String> accuracies =
                    c.history().epochs().stream()
                            .map(m -> String.format(Locale.ROOT, "%.3f", m.testAccuracy()))
                            .toList();
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d | %s%s | %.3f | %d | %.1f |%n",
                            c.cell().variant().name(),
                            c.cell().seed(),
                            String.join(", ", accuracies),
                            c.stuckAfterFirstEpoch() ? " (stuck after epoch 1)" : "",
                            c.last().trainLoss(),
                            c.classesNeverPredicted(),
                            c.examplesPerSecond()));
        }
        if (!result.unfinished().isEmpty()) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "%n## Runs that did not finish%n%n%d of %d runs are missing from the"
                                    + " table above; resubmit them with the same command.%n%n",
                            result.unfinished().size(),
                            result.unfinished().size() + result.cells().size()));
            md.append("| run | state | epochs completed | last line of output |\n");
            md.append("| --- | --- | ---: | --- |\n");
            for (UnfinishedCell u : result.unfinished()) {
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %s | %d | %s |%n",
                                u.cell().name(),
                                u.state(),
                                u.completedEpochs(),
                                u.lastLine()
                                        .map(line -> "`" + line.replace("|", "\\|") + "`")
                                        .orElse("")));
            }
        }
        return md.toString();
    }

    /**
     * The table as CSV, one row per variant, with {@link #CSV_COLUMNS}.
     *
     * @return the CSV text
     */
    public String csv() {
        StringBuilder csv = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
        for (VariantSummary s : summaries) {
            List<String> row =
                    COLUMNS.stream().map(c -> String.valueOf(c.value().apply(s))).toList();
            csv.append(String.join(",", row)).append('\n');
        }
        return csv.toString();
    }

    /** As a grid file and {@code --precision} spell it. */
    private static String precisionName(Variant variant) {
        return variant.precision().name().toLowerCase(Locale.ROOT);
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private XYChart chart() {
        ExperimentGrid grid = result.grid();
        XYChart chart =
                new XYChartBuilder()
                        .width(800)
                        .height(500)
                        .title(
                                String.format(
                                        "NiN variants: test accuracy, mean of %d seed%s",
                                        grid.seeds().size(), grid.seeds().size() == 1 ? "" : "s"))
                        .xAxisTitle("epoch")
                        .yAxisTitle("test accuracy")
                        .build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setXAxisMin(1.0);
        styler.setXAxisMax((double) Math.max(2, grid.epochs()));
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(1.0);
        for (int i = 0; i < summaries.size(); i++) {
            VariantSummary s = summaries.get(i);
            double[] x =
                    IntStream.rangeClosed(1, s.testAccuracyCurve().size())
                            .asDoubleStream()
                            .toArray();
            double[] y = s.testAccuracyCurve().stream().mapToDouble(Double::doubleValue).toArray();
            XYSeries series = chart.addSeries(s.variant().name(), x, y);
            Color color = COLORS[i % COLORS.length];
            series.setLineColor(color);
            series.setMarkerColor(color);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }
}
