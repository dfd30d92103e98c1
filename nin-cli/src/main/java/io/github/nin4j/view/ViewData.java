package io.github.nin4j.view;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.train.EpochMetrics;
import io.github.nin4j.train.Manifest;
import io.github.nin4j.train.ProgressPoint;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.RunEvent;
import io.github.nin4j.train.TrainingHistory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The state of the directories {@code nin view} was given, as one JSON document for the page: each
 * run's configuration, seeds, events, engine verdict, curves, live progress and pictures, and each
 * experiment's variants with their mean curves and the report's table.
 *
 * <p>Reading is cheap by construction, so that pages left open do not slow a training run: a file
 * is parsed again only when its modification time, size or identity changed (the run directory's
 * files are replaced atomically, so a new file is a new identity), and the document is rebuilt at
 * most every {@link #MIN_REBUILD_MILLIS} milliseconds whatever the number of pages asking.
 */
public final class ViewData {

    /** The shortest time between two rebuilds of the document: at most four a second. */
    static final long MIN_REBUILD_MILLIS = 250;

    /** The subdirectory of a run directory where {@link LiveView} writes. */
    static final String LIVE_DIRECTORY = "view";

    static final String LIVE_FILE = "live.json";
    static final String CONFUSION = "confusion.png";
    static final String PREDICTIONS = "predictions.png";

    private static final String MANIFEST = "manifest.json";
    private static final String HISTORY = "history.json";
    private static final String REPORT_JSON = "report.json";
    private static final String PLAN_JSON = "plan.json";
    private static final String REPORT_CSV = "report.csv";

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .registerModule(
                            new SimpleModule()
                                    .addSerializer(double[].class, new FiniteRowSerializer()));

    private final List<Path> roots;
    private final Map<Path, Cached> cache = new HashMap<>();
    private byte[] document;
    private String tag;
    private long builtAt;

    /**
     * The state of some directories.
     *
     * @param roots the directories, each a run directory, an experiment directory or a directory of
     *     run directories; their real paths
     */
    ViewData(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /**
     * The document and its tag, rebuilt when older than {@link #MIN_REBUILD_MILLIS}.
     *
     * @return the JSON bytes and a tag that changes when they do
     */
    synchronized Document document() {
        long now = System.currentTimeMillis();
        if (document == null || now - builtAt >= MIN_REBUILD_MILLIS) {
            byte[] fresh = build();
            if (document == null || !java.util.Arrays.equals(fresh, document)) {
                document = fresh;
                tag = Integer.toHexString(java.util.Arrays.hashCode(fresh)) + "-" + fresh.length;
            }
            builtAt = now;
        }
        return new Document(document, tag);
    }

    /**
     * A built document.
     *
     * @param json the JSON
     * @param tag its entity tag, without quotes
     */
    record Document(byte[] json, String tag) {}

    private byte[] build() {
        List<Object> sources = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            sources.add(source(i, roots.get(i)));
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("sources", sources);
        try {
            return JSON.writeValueAsBytes(state);
        } catch (IOException e) {
            // Maps of strings, numbers and lists always serialise.
            throw new IllegalStateException(e);
        }
    }

    /** One given directory: a run, an experiment, or a directory of runs. */
    private Map<String, Object> source(int index, Path root) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("index", index);
        source.put("path", root.toString());
        if (!Files.isDirectory(root)) {
            source.put("kind", "run");
            source.put("problem", "the directory " + root + " is gone");
            return source;
        }
        if (Files.isRegularFile(root.resolve(MANIFEST))) {
            source.put("kind", "run");
            source.put("runs", List.of(run(index, root, root, root.getFileName().toString())));
        } else if (isExperiment(root)) {
            source.put("kind", "experiment");
            source.putAll(experiment(index, root));
        } else {
            List<Path> children = childRuns(root);
            source.put("kind", children.isEmpty() ? "run" : "runs");
            if (children.isEmpty()) {
                source.put(
                        "waiting",
                        "no run has started in " + root + " yet; the page updates when one does");
                source.put("runs", List.of());
            } else {
                source.put(
                        "runs",
                        children.stream()
                                .map(c -> run(index, root, c, c.getFileName().toString()))
                                .toList());
            }
        }
        return source;
    }

    private static boolean isExperiment(Path root) {
        if (Files.isRegularFile(root.resolve(REPORT_JSON))
                || Files.isRegularFile(root.resolve(PLAN_JSON))) {
            return true;
        }
        for (Path variant : children(root)) {
            for (Path cell : children(variant)) {
                if (cell.getFileName().toString().startsWith("seed-")
                        && Files.isRegularFile(cell.resolve(MANIFEST))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Path> childRuns(Path root) {
        return children(root).stream()
                .filter(c -> Files.isRegularFile(c.resolve(MANIFEST)))
                .toList();
    }

    /** Subdirectories, by name; none when unreadable. */
    private static List<Path> children(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** One run directory: what it is, what happened, its curves and pictures. */
    private Map<String, Object> run(int index, Path root, Path dir, String name) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("name", name);
        List<String> problems = new ArrayList<>();
        Optional<RunDirectory> started = RunDirectory.started(dir);
        if (started.isEmpty()) {
            run.put("waiting", "no run has started here yet");
            return run;
        }
        RunDirectory directory = started.get();
        Manifest manifest =
                read(
                        dir.resolve(MANIFEST),
                        p -> directory.readManifest(),
                        Manifest.class,
                        problems);
        TrainingHistory history = null;
        if (Files.exists(dir.resolve(HISTORY))) {
            history =
                    read(
                            dir.resolve(HISTORY),
                            p -> directory.readHistory(),
                            TrainingHistory.class,
                            problems);
        }
        JsonNode live = null;
        Path liveFile = dir.resolve(LIVE_DIRECTORY).resolve(LIVE_FILE);
        if (Files.exists(liveFile)) {
            live = read(liveFile, ViewData::readTree, JsonNode.class, problems);
        }
        if (manifest != null) {
            describe(run, manifest);
        }
        List<EpochMetrics> epochs = history == null ? List.of() : history.epochs();
        List<double[]> points = new ArrayList<>();
        if (history != null) {
            for (ProgressPoint p : history.points()) {
                points.add(new double[] {p.epoch(), p.trainLoss(), p.trainAccuracy()});
            }
        }
        if (live != null) {
            addLive(run, live, epochs.size(), points, manifest);
        }
        run.put("points", points);
        run.put(
                "epochs",
                epochs.stream()
                        .map(
                                m ->
                                        new double[] {
                                            m.epoch(),
                                            m.trainLoss(),
                                            m.trainAccuracy(),
                                            m.testAccuracy(),
                                            m.examplesPerSecond()
                                        })
                        .toList());
        if (history != null && !epochs.isEmpty()) {
            run.put("examplesPerSecond", finite(history.examplesPerSecond()));
        }
        Map<String, String> images = new LinkedHashMap<>();
        for (String picture : new String[] {CONFUSION, PREDICTIONS}) {
            Path file = dir.resolve(LIVE_DIRECTORY).resolve(picture);
            stamp(file)
                    .ifPresent(
                            s ->
                                    images.put(
                                            picture.replace(".png", ""),
                                            "files/"
                                                    + index
                                                    + "/"
                                                    + relative(root, file)
                                                    + "?v="
                                                    + Integer.toHexString(s.hashCode())));
        }
        run.put("images", images);
        if (!problems.isEmpty()) {
            run.put("problem", String.join("; ", problems));
        }
        return run;
    }

    private static JsonNode readTree(Path file) {
        try {
            JsonNode node = JSON.readTree(Files.readAllBytes(file));
            if (node == null || !node.isObject()) {
                throw new IOException("not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidInputException(
                    file + " cannot be read (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    /** The manifest, as the page shows it. */
    private static void describe(Map<String, Object> run, Manifest manifest) {
        run.put("status", manifest.status());
        run.put("startedAt", manifest.startedAt());
        run.put("endedAt", manifest.endedAt());
        run.put("device", manifest.device());
        run.put("threads", manifest.threads());
        run.put("seeds", manifest.seeds());
        if (manifest.config() != null) {
            run.put("config", JSON.valueToTree(manifest.config()));
            run.put("plannedEpochs", manifest.config().epochs());
        }
        run.put("classes", manifest.classNames());
        List<Map<String, Object>> events = new ArrayList<>();
        Double estimate = null;
        for (RunEvent event : manifest.events()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("type", event.getClass().getSimpleName().toLowerCase(Locale.ROOT));
            e.put("text", event.describe());
            events.add(e);
            if (event instanceof RunEvent.Estimated estimated) {
                estimate = estimated.remainingSeconds();
            }
            if (event instanceof RunEvent.Resumed resumed && resumed.machine() != null) {
                String count = resumed.machine().get("slurm_restart_count");
                if (count != null && count.matches("\\d{1,9}")) {
                    run.merge(
                            "requeues",
                            Integer.parseInt(count),
                            (a, b) -> Math.max((int) a, (int) b));
                }
            }
        }
        run.put("events", events);
        if (estimate != null && "running".equals(manifest.status())) {
            run.put("remainingSeconds", finite(estimate));
        }
        if (manifest.engineCheck() != null) {
            Map<String, Object> engine = new LinkedHashMap<>();
            engine.put("right", manifest.engineCheck().right());
            engine.put("summary", manifest.engineCheck().summary());
            run.put("engineCheck", engine);
        }
    }

    /**
     * The live progress {@link LiveView} writes: the current epoch's points, and the time left, if
     * it belongs to the epoch after the history's last and to the manifest's current seed.
     */
    private static void addLive(
            Map<String, Object> run,
            JsonNode live,
            int completedEpochs,
            List<double[]> points,
            Manifest manifest) {
        int epoch = live.path("epoch").asInt(-1);
        boolean sameSeed = manifest == null || live.path("seed").asInt() == manifest.currentSeed();
        if (!sameSeed) {
            return;
        }
        if (epoch == completedEpochs + 1) {
            for (JsonNode p : live.path("points")) {
                if (p.isArray() && p.size() == 3) {
                    points.add(
                            new double[] {
                                p.get(0).asDouble(), p.get(1).asDouble(), p.get(2).asDouble()
                            });
                }
            }
        }
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("phase", live.path("phase").asText(""));
        progress.put("epoch", epoch);
        progress.put("batch", live.path("batch").asInt());
        progress.put("batches", live.path("batches").asInt());
        run.put("live", progress);
        if (live.has("examplesPerSecond")) {
            run.put("liveExamplesPerSecond", finite(live.path("examplesPerSecond").asDouble()));
        }
        if (live.has("remainingSeconds") && "running".equals(run.get("status"))) {
            run.put("remainingSeconds", finite(live.path("remainingSeconds").asDouble()));
        }
    }

    /** An experiment: its variants, each with its seeds' runs and their mean curves. */
    private Map<String, Object> experiment(int index, Path root) {
        Map<String, Object> experiment = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        JsonNode report = null;
        if (Files.isRegularFile(root.resolve(REPORT_JSON))) {
            report = read(root.resolve(REPORT_JSON), ViewData::readTree, JsonNode.class, problems);
        }
        // A grid submitted to a cluster: its cells that have not started are pending.
        JsonNode plan = null;
        if (Files.isRegularFile(root.resolve(PLAN_JSON))) {
            plan = read(root.resolve(PLAN_JSON), ViewData::readTree, JsonNode.class, problems);
        }
        // The grid's order, then any variant directory the report does not know yet.
        Set<String> names = new LinkedHashSet<>();
        Map<String, String> descriptions = new HashMap<>();
        for (JsonNode grid :
                new JsonNode[] {
                    report == null ? null : report.path("grid"),
                    plan == null ? null : plan.path("grid")
                }) {
            if (grid == null) {
                continue;
            }
            for (JsonNode v : grid.path("variants")) {
                names.add(v.path("name").asText());
                descriptions.putIfAbsent(v.path("name").asText(), v.path("description").asText(""));
            }
        }
        for (Path variant : children(root)) {
            if (!childCells(variant).isEmpty()) {
                names.add(variant.getFileName().toString());
            }
        }
        List<Map<String, Object>> variants = new ArrayList<>();
        for (String name : names) {
            Map<String, Object> variant = new LinkedHashMap<>();
            variant.put("name", name);
            variant.put("description", descriptions.getOrDefault(name, ""));
            List<Map<String, Object>> runs = new ArrayList<>();
            Path dir = root.resolve(name);
            List<Path> cells =
                    name.contains("/") || name.contains("\\") ? List.of() : childCells(dir);
            if (plan != null) {
                for (JsonNode seed : plan.path("grid").path("seeds")) {
                    String cell = "seed-" + seed.asText();
                    if (cells.stream().noneMatch(c -> c.getFileName().toString().equals(cell))) {
                        Map<String, Object> pending = new LinkedHashMap<>();
                        pending.put("name", cell);
                        pending.put("status", "pending");
                        runs.add(pending);
                    }
                }
            }
            if (!cells.isEmpty()) {
                for (Path cell : cells) {
                    runs.add(run(index, root, cell, cell.getFileName().toString()));
                }
            } else if (report != null) {
                // A report kept without its run directories (docs/results): its histories.
                for (JsonNode r : report.path("runs")) {
                    if (name.equals(r.path("cell").path("variant").path("name").asText())) {
                        runs.add(reportedRun(r));
                    }
                }
            }
            variant.put("runs", runs);
            variant.put("mean", meanCurves(runs));
            variants.add(variant);
        }
        experiment.put("variants", variants);
        if (Files.isRegularFile(root.resolve(REPORT_CSV))) {
            List<List<String>> table =
                    read(root.resolve(REPORT_CSV), ViewData::readCsv, List.class, problems);
            if (table != null) {
                experiment.put("table", table);
            }
        }
        if (!problems.isEmpty()) {
            experiment.put("problem", String.join("; ", problems));
        }
        return experiment;
    }

    private static List<Path> childCells(Path variant) {
        return children(variant).stream()
                .filter(c -> c.getFileName().toString().startsWith("seed-"))
                .filter(c -> Files.isRegularFile(c.resolve(MANIFEST)))
                .toList();
    }

    private static Map<String, Object> reportedRun(JsonNode r) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("name", "seed-" + r.path("cell").path("seed").asText("?"));
        run.put("status", "completed");
        List<double[]> points = new ArrayList<>();
        for (JsonNode p : r.path("history").path("points")) {
            points.add(
                    new double[] {
                        p.path("epoch").asDouble(),
                        p.path("trainLoss").asDouble(),
                        p.path("trainAccuracy").asDouble()
                    });
        }
        List<double[]> epochs = new ArrayList<>();
        for (JsonNode m : r.path("history").path("epochs")) {
            epochs.add(
                    new double[] {
                        m.path("epoch").asDouble(),
                        m.path("trainLoss").asDouble(),
                        m.path("trainAccuracy").asDouble(),
                        m.path("testAccuracy").asDouble(),
                        m.path("examplesPerSecond").asDouble()
                    });
        }
        run.put("points", points);
        run.put("epochs", epochs);
        run.put("images", Map.of());
        return run;
    }

    /**
     * A variant's mean curves over its seeds, with their smallest and largest value: per epoch
     * {@code [epoch, mean, min, max]} of test accuracy, and per curve point the same of training
     * loss and training accuracy. A point is averaged over the runs that reached it.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> meanCurves(List<Map<String, Object>> runs) {
        Map<String, Object> mean = new LinkedHashMap<>();
        mean.put("test", spread(runs, "epochs", 3));
        mean.put("loss", spread(runs, "points", 1));
        mean.put("trainAccuracy", spread(runs, "points", 2));
        return mean;
    }

    @SuppressWarnings("unchecked")
    private static List<double[]> spread(List<Map<String, Object>> runs, String key, int column) {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; ; i++) {
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int n = 0;
            double x = 0;
            for (Map<String, Object> run : runs) {
                List<double[]> series = (List<double[]>) run.getOrDefault(key, List.of());
                if (i < series.size()) {
                    double v = series.get(i)[column];
                    x = series.get(i)[0];
                    sum += v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    n++;
                }
            }
            if (n == 0) {
                return rows;
            }
            rows.add(new double[] {x, sum / n, min, max});
        }
    }

    private static List<List<String>> readCsv(Path file) {
        try {
            CsvMapper csv = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
            List<List<String>> rows = new ArrayList<>();
            try (var it =
                    csv.readerFor(String[].class)
                            .readValues(
                                    new String(Files.readAllBytes(file), StandardCharsets.UTF_8))) {
                while (it.hasNext()) {
                    rows.add(List.of((String[]) it.next()));
                }
            }
            return rows;
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(
                    file + " cannot be read (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    /**
     * A file parsed through the cache: parsed again only when its stamp changed. A file that cannot
     * be read adds its one-line reason to the problems and gives null.
     */
    private <T> T read(Path file, Function<Path, ?> parse, Class<?> type, List<String> problems) {
        Optional<Stamp> stamp = stamp(file);
        if (stamp.isEmpty()) {
            problems.add(file.getFileName() + " is missing");
            return null;
        }
        Cached cached = cache.get(file);
        if (cached == null || !cached.stamp.equals(stamp.get())) {
            Object value = null;
            String problem = null;
            try {
                value = parse.apply(file);
            } catch (InvalidInputException e) {
                problem = e.getMessage();
            } catch (RuntimeException e) {
                // A half-written or foreign file: its reason on the page, never a stack trace.
                problem =
                        file.getFileName() + " cannot be read (" + firstLine(e.getMessage()) + ")";
            }
            cached = new Cached(stamp.get(), value, problem);
            cache.put(file, cached);
        }
        if (cached.problem != null) {
            problems.add(cached.problem);
            return null;
        }
        @SuppressWarnings("unchecked")
        T value = (T) type.cast(cached.value);
        return value;
    }

    private static Optional<Stamp> stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(
                    new Stamp(
                            a.lastModifiedTime().toMillis(),
                            a.size(),
                            Objects.toString(a.fileKey())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
    }

    /** What identifies a version of a file: a rewrite changes at least one. */
    private record Stamp(long modified, long size, String key) {}

    private record Cached(Stamp stamp, Object value, String problem) {}

    /**
     * Writes a row of numbers with null for NaN and infinities, which JSON cannot hold (a diverged
     * run's loss is NaN); the chart draws null as a gap.
     */
    private static final class FiniteRowSerializer extends StdSerializer<double[]> {
        FiniteRowSerializer() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] row, JsonGenerator out, SerializerProvider provider)
                throws IOException {
            out.writeStartArray();
            for (double v : row) {
                if (Double.isFinite(v)) {
                    out.writeNumber(v);
                } else {
                    out.writeNull();
                }
            }
            out.writeEndArray();
        }
    }
}
