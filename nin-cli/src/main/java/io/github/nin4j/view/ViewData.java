package io.github.nin4j.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import io.github.nin4j.experiment.Cell;
import io.github.nin4j.experiment.ExperimentPlan;
import io.github.nin4j.experiment.ExperimentReport;
import io.github.nin4j.experiment.ExperimentSnapshot;
import io.github.nin4j.train.LiveProgress;
import io.github.nin4j.train.Manifest;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.RunSnapshot;
import io.github.nin4j.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The state of the directories {@code nin view} was given, as one JSON document for the page: each
 * given directory's kind, and its runs' {@link RunSnapshot}s with their pictures or its {@link
 * ExperimentSnapshot}, which nin-core builds from the files read here.
 *
 * <p>Reading is cheap by construction, so that pages left open do not slow a training run: a file
 * is parsed again only when its modification time, size or identity changed (the run directory's
 * files are replaced atomically, so a new file is a new identity), and the document is rebuilt at
 * most every {@link #MIN_REBUILD_MILLIS} milliseconds whatever the number of pages asking.
 */
public final class ViewData {

    /** The shortest time between two rebuilds of the document: at most four a second. */
    static final long MIN_REBUILD_MILLIS = 250;

    /** The subdirectory of a run directory where {@link LiveView} draws its pictures. */
    static final String LIVE_DIRECTORY = "view";

    static final String CONFUSION = "confusion.png";
    static final String PREDICTIONS = "predictions.png";

    /** NaN and infinities, which JSON cannot hold (a diverged run's loss), are written as null. */
    private static final ObjectMapper JSON =
            JsonMapper.builder()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .addModule(
                            new SimpleModule()
                                    .addSerializer(Double.class, new FiniteSerializer())
                                    .addSerializer(double.class, new FiniteSerializer()))
                    .build();

    private final List<Path> roots;
    private final Map<Path, Cached> cache = new HashMap<>();
    private byte[] document;
    private String tag;
    private long builtAt;

    /** The state of directories (real paths), each a run, an experiment or a directory of runs. */
    ViewData(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** The document, rebuilt when older than {@link #MIN_REBUILD_MILLIS}. */
    synchronized Document document() {
        long now = System.currentTimeMillis();
        if (document == null || now - builtAt >= MIN_REBUILD_MILLIS) {
            byte[] fresh = build();
            if (document == null || !Arrays.equals(fresh, document)) {
                document = fresh;
                tag = Integer.toHexString(Arrays.hashCode(fresh)) + "-" + fresh.length;
            }
            builtAt = now;
        }
        return new Document(document, tag);
    }

    /** A built document and its entity tag (without quotes), which changes when it does. */
    record Document(byte[] json, String tag) {}

    /** The document: one source per given directory. */
    record State(List<Source> sources) {}

    /**
     * A given directory: a run, an experiment, or a directory of runs.
     *
     * @param index its place among the given directories, which its pictures' URLs name
     * @param path the directory
     * @param kind {@code run}, {@code runs} or {@code experiment}
     * @param problem why it cannot be shown
     * @param waiting what the page waits for, before any run started in it
     * @param runs a run's or a directory of runs' runs
     * @param experiment an experiment, its components written in the source's place
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Source(
            int index,
            String path,
            String kind,
            String problem,
            String waiting,
            List<RunView> runs,
            @JsonUnwrapped ExperimentSnapshot experiment) {}

    /**
     * A run with its pictures.
     *
     * @param run the run, its components written in this object's place
     * @param images the pictures' URLs, {@code confusion} and {@code predictions}, as they exist
     */
    record RunView(@JsonUnwrapped RunSnapshot run, Map<String, String> images) {}

    private byte[] build() {
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            sources.add(source(i, roots.get(i)));
        }
        try {
            return JSON.writeValueAsBytes(new State(sources));
        } catch (IOException e) {
            // Records of strings, numbers and lists always serialise.
            throw new IllegalStateException(e);
        }
    }

    private Source source(int index, Path root) {
        String path = root.toString();
        if (!Files.isDirectory(root)) {
            return new Source(
                    index, path, "run", "the directory " + root + " is gone", null, null, null);
        }
        if (isRun(root)) {
            return new Source(
                    index, path, "run", null, null, List.of(run(index, root, root)), null);
        }
        if (isExperiment(root)) {
            return new Source(index, path, "experiment", null, null, null, experiment(root));
        }
        List<Path> children = children(root).stream().filter(ViewData::isRun).toList();
        if (children.isEmpty()) {
            String waiting =
                    "no run has started in " + root + " yet; the page updates when one does";
            return new Source(index, path, "run", null, waiting, List.of(), null);
        }
        List<RunView> runs = children.stream().map(c -> run(index, root, c)).toList();
        return new Source(index, path, "runs", null, null, runs, null);
    }

    private static boolean isExperiment(Path root) {
        return Files.isRegularFile(root.resolve(ExperimentReport.JSON_FILE))
                || Files.isRegularFile(root.resolve(ExperimentPlan.FILE))
                || children(root).stream().anyMatch(v -> !cells(v).isEmpty());
    }

    private static boolean isRun(Path dir) {
        return RunDirectory.started(dir).isPresent();
    }

    /** A variant directory's cells that a run started in, by name. */
    private static List<Path> cells(Path variant) {
        return children(variant).stream()
                .filter(c -> c.getFileName().toString().startsWith(Cell.PREFIX))
                .filter(ViewData::isRun)
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

    private RunView run(int index, Path root, Path dir) {
        Map<String, String> images = new LinkedHashMap<>();
        for (String picture : new String[] {CONFUSION, PREDICTIONS}) {
            Path file = dir.resolve(LIVE_DIRECTORY).resolve(picture);
            String relative = root.relativize(file).toString().replace('\\', '/');
            stamp(file)
                    .map(
                            s ->
                                    "files/%d/%s?v=%s"
                                            .formatted(
                                                    index,
                                                    relative,
                                                    Integer.toHexString(s.hashCode())))
                    .ifPresent(url -> images.put(picture.replace(".png", ""), url));
        }
        return new RunView(snapshot(dir), images);
    }

    /** A run directory's state, from its files as far as they can be read. */
    private RunSnapshot snapshot(Path dir) {
        String name = dir.getFileName().toString();
        Optional<RunDirectory> started = RunDirectory.started(dir);
        if (started.isEmpty()) {
            return RunSnapshot.waiting(name, "no run has started here yet");
        }
        RunDirectory run = started.get();
        List<String> problems = new ArrayList<>();
        Manifest manifest =
                read(run.file(RunDirectory.MANIFEST), f -> run.readManifest(), problems);
        TrainingHistory history = null;
        if (Files.exists(run.file(RunDirectory.HISTORY))) {
            history = read(run.file(RunDirectory.HISTORY), f -> run.readHistory(), problems);
        }
        LiveProgress live = null;
        if (Files.exists(run.file(LiveProgress.FILE))) {
            live = read(run.file(LiveProgress.FILE), f -> run.readLiveProgress(), problems);
        }
        RunSnapshot snapshot;
        try {
            snapshot = RunSnapshot.of(name, manifest, history, live);
        } catch (RuntimeException e) {
            // A manifest that parses but cannot be described (a foreign or damaged one).
            problems.add(RunDirectory.MANIFEST + " cannot be shown (" + Reasons.of(e) + ")");
            snapshot = RunSnapshot.of(name, null, history, null);
        }
        return problems.isEmpty() ? snapshot : snapshot.withProblem(String.join("; ", problems));
    }

    /** An experiment directory's state, from its files as far as they can be read. */
    private ExperimentSnapshot experiment(Path root) {
        List<String> problems = new ArrayList<>();
        ExperimentSnapshot.Builder builder = ExperimentSnapshot.builder();
        Path report = root.resolve(ExperimentReport.JSON_FILE);
        if (Files.isRegularFile(report)) {
            builder.optReport(read(report, ExperimentReport::read, problems));
        }
        // A grid submitted to a cluster: its cells that have not started are pending.
        Path plan = root.resolve(ExperimentPlan.FILE);
        if (Files.isRegularFile(plan)) {
            builder.optPlan(read(plan, f -> ExperimentPlan.read(root), problems));
        }
        for (Path variant : children(root)) {
            List<Path> cells = cells(variant);
            if (!cells.isEmpty()) {
                builder.addCells(
                        variant.getFileName().toString(),
                        cells.stream().map(this::snapshot).toList());
            }
        }
        Path table = root.resolve(ExperimentReport.CSV_FILE);
        if (Files.isRegularFile(table)) {
            builder.optTable(read(table, ExperimentReport::readTable, problems));
        }
        try {
            return builder.optProblem(problems.isEmpty() ? null : String.join("; ", problems))
                    .build();
        } catch (RuntimeException e) {
            // A report that parses but whose runs are incomplete: shown without them.
            problems.add(ExperimentReport.JSON_FILE + " cannot be shown (" + Reasons.of(e) + ")");
            return builder.optReport(null).optProblem(String.join("; ", problems)).build();
        }
    }

    /**
     * A file parsed through the cache: parsed again only when its stamp changed. A file that cannot
     * be read adds its one-line reason to the problems and gives null.
     */
    private <T> T read(Path file, Function<Path, T> parse, List<String> problems) {
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
                problem = file.getFileName() + " cannot be read (" + Reasons.ofReading(e) + ")";
            }
            cached = new Cached(stamp.get(), value, problem);
            cache.put(file, cached);
        }
        if (cached.problem != null) {
            problems.add(cached.problem);
            return null;
        }
        @SuppressWarnings("unchecked")
        T value = (T) cached.value;
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

    /** What identifies a version of a file: a rewrite changes at least one. */
    private record Stamp(long modified, long size, String key) {}

    private record Cached(Stamp stamp, Object value, String problem) {}

    /** Writes a number, or null for NaN and infinities; the chart draws null as a gap. */
    private static final class FiniteSerializer extends StdSerializer<Double> {
        FiniteSerializer() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator out, SerializerProvider provider)
                throws IOException {
            if (Double.isFinite(value)) {
                out.writeNumber(value);
            } else {
                out.writeNull();
            }
        }
    }
}
