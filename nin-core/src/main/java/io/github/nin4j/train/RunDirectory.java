package io.github.nin4j.train;

import ai.djl.Model;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.github.nin4j.base.AtomicFile;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import io.github.nin4j.compute.NinModel;
import io.github.nin4j.compute.ParameterSource;
import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.engine.LayoutChoice;
import io.github.nin4j.precision.PrecisionChoice;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A run's directory: {@code manifest.json}, {@code history.json} and {@code history.csv}, {@code
 * checkpoint.json} pointing at {@code params/nin-NNNN.params}, {@code serving.properties}, and the
 * plots. Every file is written atomically, and the checkpoint is written after the parameters it
 * names, with their SHA-256, so the directory always describes a complete epoch and a damaged
 * parameter file is told from a good one.
 *
 * <p>With its first checkpoint the directory is a DJL model directory: the parameter file is the
 * one DJL's {@code Model.save} writes, under DJL's name for an epoch, and {@code
 * serving.properties} names the engine and the factories that load it, so that {@code
 * Criteria.builder().optModelPath(runDir)} loads the network and DJL Serving serves it (see {@code
 * io.github.nin4j.inference.RunModels}). Run directories written before (raw parameters in {@code
 * params/epoch-NNN.params}, no {@code serving.properties}) still load and resume: {@code
 * checkpoint.json} names the file, and DJL's header is optional on reading.
 */
public final class RunDirectory {

    /**
     * The model name of the parameter files, DJL's prefix: {@code Model.load(params, MODEL_NAME)}
     * finds the latest.
     */
    public static final String MODEL_NAME = "nin";

    /** DJL's model configuration, which {@code Criteria} and DJL Serving read. */
    public static final String SERVING_PROPERTIES = "serving.properties";

    /** The block factory {@code serving.properties} names, by name: inference is above train. */
    public static final String BLOCK_FACTORY = "io.github.nin4j.inference.RunBlockFactory";

    /** The translator factory {@code serving.properties} names. */
    public static final String TRANSLATOR_FACTORY =
            "io.github.nin4j.inference.RunTranslatorFactory";

    /** The run's {@link Manifest}, present from the run's start. */
    public static final String MANIFEST = "manifest.json";

    /** The run's {@link TrainingHistory}, present from its first completed epoch. */
    public static final String HISTORY = "history.json";

    private static final String CHECKPOINT = "checkpoint.json";
    private static final String HISTORY_CSV = "history.csv";

    /** How the run's JSON files are read; they are written by {@link AtomicFile#writeJson}. */
    static final ObjectMapper JSON =
            JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /**
     * Prepares a new run directory. An existing directory is accepted only if it holds no run.
     *
     * @param root the directory
     * @return the run directory
     * @throws InvalidInputException if it already holds a run
     */
    public static RunDirectory create(Path root) {
        if (Files.exists(root.resolve(CHECKPOINT)) || Files.exists(root.resolve(MANIFEST))) {
            throw new InvalidInputException(
                    "run directory %s already holds a run; resume it, or choose another directory"
                            .formatted(root));
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new InvalidInputException(
                    "run directory %s is an existing file, not a directory; choose another path"
                            .formatted(root));
        }
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new InvalidInputException(
                    "cannot create run directory %s: %s; choose another path"
                            .formatted(root, Reasons.of(e)),
                    e);
        }
        return new RunDirectory(root);
    }

    /**
     * Opens an existing run directory with at least one completed epoch.
     *
     * @param root the directory
     * @return the run directory
     * @throws InvalidInputException if it is missing or holds no completed epoch
     */
    public static RunDirectory open(Path root) {
        RunDirectory run = openToResume(root);
        for (String name : new String[] {CHECKPOINT, HISTORY}) {
            if (!Files.isRegularFile(root.resolve(name))) {
                throw new InvalidInputException(
                        ("run directory %s has completed no epoch yet (%s is missing); resume the"
                                        + " run to train it from its start")
                                .formatted(root, name));
            }
        }
        return run;
    }

    /**
     * Opens an existing run directory to resume it: one a run has started in, whether or not an
     * epoch completed. A run killed at any moment can be resumed; where it continues from is {@link
     * #resumePoint}.
     *
     * @param root the directory
     * @return the run directory
     * @throws InvalidInputException if it is missing or no run started there
     */
    public static RunDirectory openToResume(Path root) {
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException(
                    "run directory %s does not exist; give the directory a training run wrote"
                            .formatted(root));
        }
        if (!Files.isRegularFile(root.resolve(MANIFEST))) {
            throw new InvalidInputException(
                    ("run directory %s holds no run: %s is missing; give the directory a"
                                    + " training run wrote")
                            .formatted(root, MANIFEST));
        }
        return new RunDirectory(root);
    }

    /**
     * Where a resume of the given seed continues: its last checkpoint and the history up to it, or
     * the seed's start when it has none. A checkpoint of another seed (one a restart abandoned,
     * left when the run was killed before removing it) is not continued. History is written just
     * before the checkpoint, so after a kill between the two it may hold one epoch more; that epoch
     * is trained again. An epoch interrupted after that one, of the same seed, continues from its
     * {@link BatchCheckpoint}.
     *
     * @param seed the manifest's current seed
     * @return the history to continue (empty from the start), whether parameters are loaded, and
     *     the interrupted epoch to continue, if any
     * @throws InvalidInputException if checkpoint, history or partial checkpoint cannot be read or
     *     disagree
     */
    public ResumePoint resumePoint(int seed) {
        ResumePoint epochs = epochResumePoint(seed);
        return new ResumePoint(
                epochs.history(),
                epochs.fromCheckpoint(),
                new BatchCheckpoint(this).find(seed, epochs.completedEpochs()).orElse(null));
    }

    private ResumePoint epochResumePoint(int seed) {
        if (!hasCompletedEpoch()) {
            return new ResumePoint(TrainingHistory.empty(), false);
        }
        Checkpoint checkpoint = readCheckpoint();
        if (!checkpoint.belongsTo(seed)) {
            return new ResumePoint(TrainingHistory.empty(), false);
        }
        int epochs = checkpoint.completedEpochs();
        TrainingHistory history =
                epochs == 0 && !Files.isRegularFile(root.resolve(HISTORY))
                        ? TrainingHistory.empty()
                        : readHistory();
        if (history.completedEpochs() < epochs) {
            throw new InvalidInputException(
                    "run directory %s is corrupt: %s holds %s epochs but %s says %s completed"
                            .formatted(
                                    root, HISTORY, history.completedEpochs(), CHECKPOINT, epochs));
        }
        return new ResumePoint(history.truncated(epochs), true);
    }

    /**
     * Where a resumed run continues.
     *
     * @param history the completed epochs it continues after; empty when it starts afresh
     * @param fromCheckpoint whether the checkpoint's parameters are loaded (else the network is
     *     initialised with the seed)
     * @param partial the next epoch's batches already trained, whose parameters are loaded instead;
     *     null when the run continues at an epoch's start
     */
    public record ResumePoint(
            TrainingHistory history, boolean fromCheckpoint, BatchCheckpoint.Saved partial) {

        /**
         * A resume at an epoch's start.
         *
         * @param history the completed epochs it continues after; empty when it starts afresh
         * @param fromCheckpoint whether the checkpoint's parameters are loaded
         */
        public ResumePoint(TrainingHistory history, boolean fromCheckpoint) {
            this(history, fromCheckpoint, null);
        }

        /**
         * The epochs completed before the resume.
         *
         * @return completed epochs, 0 from the start
         */
        public int completedEpochs() {
            return history.completedEpochs();
        }
    }

    /**
     * The run directory a run has started in, whether or not an epoch completed.
     *
     * @param root the directory
     * @return the run directory, or empty when no run has started there
     */
    public static Optional<RunDirectory> started(Path root) {
        return Files.isRegularFile(root.resolve(MANIFEST))
                ? Optional.of(new RunDirectory(root))
                : Optional.empty();
    }

    /**
     * Whether an epoch completed: the run can be resumed, evaluated and exported.
     *
     * @return true when a checkpoint exists
     */
    public boolean hasCompletedEpoch() {
        return Files.isRegularFile(root.resolve(CHECKPOINT));
    }

    /**
     * Forgets a run that completed no epoch, so that a new one can start here. Such a run holds
     * nothing but its manifest and perhaps an empty plot.
     *
     * @throws IllegalStateException when an epoch completed
     */
    public void discardUnfinished() {
        if (hasCompletedEpoch()) {
            throw new IllegalStateException(root + " holds a completed epoch");
        }
        delete(MANIFEST);
    }

    /**
     * Forgets the completed epochs (checkpoint, history, parameters) of a seed that was abandoned
     * for a new one, so that a resume never continues the old seed's weights with the new seed. The
     * manifest keeps the record of the restart.
     */
    public void discardEpochs() {
        delete(CHECKPOINT);
        delete(HISTORY);
        delete(HISTORY_CSV);
        remove(root.resolve("params"), name -> name.endsWith(".params"));
    }

    private void delete(String name) {
        try {
            Files.deleteIfExists(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The directory.
     *
     * @return its path
     */
    public Path root() {
        return root;
    }

    /**
     * A file in the directory.
     *
     * @param name the file's name
     * @return its path
     */
    public Path file(String name) {
        return root.resolve(name);
    }

    /**
     * Writes the manifest.
     *
     * @param manifest the manifest
     */
    public void writeManifest(Manifest manifest) {
        writeJson(MANIFEST, manifest);
    }

    /**
     * Reads the manifest.
     *
     * @return the manifest
     */
    public Manifest readManifest() {
        return readJson(MANIFEST, Manifest.class);
    }

    /**
     * Reads the history of completed epochs.
     *
     * @return the history
     */
    public TrainingHistory readHistory() {
        return readJson(HISTORY, TrainingHistory.class);
    }

    /**
     * Reads the progress within the current epoch that {@code --view} writes.
     *
     * @return the progress
     */
    public LiveProgress readLiveProgress() {
        return readJson(LiveProgress.FILE, LiveProgress.class);
    }

    /**
     * Reads the checkpoint pointer.
     *
     * @return the checkpoint
     */
    public Checkpoint readCheckpoint() {
        return readJson(CHECKPOINT, Checkpoint.class);
    }

    /**
     * Saves a completed epoch of parameters whose seed is not known (imported ones): parameters
     * first, then history and the checkpoint that points at them, then removes older parameter
     * files.
     *
     * @param model the network's model, its block initialised
     * @param history the history including this epoch
     */
    public void saveEpoch(Model model, TrainingHistory history) {
        saveEpoch(model, history, null);
    }

    /**
     * Saves a completed epoch of a seed's training: parameters first ({@code Model.save}, under
     * DJL's name for the epoch), then history and the checkpoint that points at them (recording the
     * seed, see {@link Checkpoint#seed}) and {@code serving.properties}, then removes older
     * parameter files.
     *
     * @param model the network's model, its block initialised
     * @param history the history including this epoch
     * @param seed the seed being trained; null when unknown (imported parameters)
     */
    public void saveEpoch(Model model, TrainingHistory history, Integer seed) {
        int epoch = history.completedEpochs();
        String name = String.format(Locale.ROOT, "params/%s-%04d.params", MODEL_NAME, epoch);
        String sha256 = ParameterFile.save(model, root.resolve(name), epoch);
        writeJson(HISTORY, history);
        writeCsv(history);
        writeJson(CHECKPOINT, new Checkpoint(epoch, name, sha256, seed));
        writeServingProperties();
        String kept = Path.of(name).getFileName().toString();
        remove(root.resolve("params"), file -> file.endsWith(".params") && !file.equals(kept));
    }

    /**
     * Writes {@code serving.properties}: the engine, the application, the factories, and the run's
     * layout and precision choices (from the manifest's engine check; the defaults before there is
     * one) as the block factory's arguments. The block factory loads the checkpoint's parameters
     * itself, after checking them, so DJL's loader is told not to look for a file of its own.
     */
    private void writeServingProperties() {
        Optional<EngineVerdict> check =
                started(root).map(RunDirectory::readManifest).map(Manifest::engineCheck);
        LayoutChoice layout = check.map(EngineVerdict::choice).orElse(LayoutChoice.AUTO);
        PrecisionChoice precision =
                check.map(EngineVerdict::precisionChoice).orElse(PrecisionChoice.FP32);
        String text =
                String.join(
                        "\n",
                        "# A DJL model directory: Criteria.optModelPath(this directory) loads it.",
                        "engine=PyTorch",
                        "application=cv/image_classification",
                        "blockFactory=" + BLOCK_FACTORY,
                        "translatorFactory=" + TRANSLATOR_FACTORY,
                        "layout=" + flag(layout),
                        "precision=" + flag(precision),
                        "option.hasParameter=false",
                        "");
        AtomicFile.write(
                root.resolve(SERVING_PROPERTIES),
                out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A choice as its command-line flag writes it, e.g. {@code channels-last}. */
    private static String flag(Enum<?> choice) {
        return choice.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The checkpoint's parameters as a source for {@link NinModel.Builder#optParameters}: {@link
     * #loadParameters}, named after the checkpoint's file, so that {@link NinModel} refuses
     * non-finite weights in one line naming it. A run that diverged under {@code --on-plateau warn}
     * checkpoints its NaN epochs as it does any other (its history shows the NaN loss and its
     * manifest the diagnosis); they are refused here, whenever anything loads them.
     *
     * @return the source
     */
    public ParameterSource checkpointParameters() {
        return new ParameterSource() {
            @Override
            public void loadInto(Model model) {
                loadParameters(model);
            }

            @Override
            public String description() {
                return "checkpoint " + root.resolve(readCheckpoint().parameters());
            }

            @Override
            public String remedy() {
                return "the run diverged (see its manifest.json) or the file was altered; train"
                        + " again, e.g. with a smaller --lr or --on-plateau restart";
            }
        };
    }

    /**
     * Loads the checkpoint's parameters into a model of the same architecture, its block
     * initialised, after checking them ({@link ParameterFile#load}).
     *
     * @param model the model
     * @throws InvalidInputException if the parameter file is missing, damaged or does not fit
     */
    public void loadParameters(Model model) {
        Checkpoint checkpoint = readCheckpoint();
        ParameterFile.load(root.resolve(checkpoint.parameters()), checkpoint.sha256(), model);
    }

    /** Removes the entries of a folder that {@code which} names, a folder's files first. */
    static void remove(Path dir, Predicate<String> which) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (!which.test(p.getFileName().toString())) {
                    continue;
                }
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    try (Stream<Path> inside = Files.list(p)) {
                        for (Path q : inside.toList()) {
                            Files.deleteIfExists(q);
                        }
                    }
                }
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tidy " + dir + ": " + Reasons.of(e), e);
        }
    }

    void writeJson(String name, Object value) {
        AtomicFile.writeJson(root.resolve(name), value);
    }

    private void writeCsv(TrainingHistory history) {
        CsvMapper csv = new CsvMapper();
        CsvSchema schema = csv.schemaFor(EpochMetrics.class).withHeader();
        AtomicFile.write(
                root.resolve(HISTORY_CSV),
                out -> csv.writer(schema).writeValues(out).writeAll(history.epochs()));
    }

    private <T> T readJson(String name, Class<T> type) {
        Path path = root.resolve(name);
        T value;
        try (InputStream in = Files.newInputStream(path)) {
            value = JSON.readValue(in, type);
            if (value == null) {
                throw new IOException("empty file");
            }
        } catch (IOException | RuntimeException e) {
            throw corrupt(name, Reasons.ofReading(e), e);
        }
        String missing = missingPart(value);
        if (missing != null) {
            throw corrupt(name, missing, null);
        }
        return value;
    }

    private InvalidInputException corrupt(String name, String why, Throwable cause) {
        return new InvalidInputException(
                "run directory %s is corrupt: %s cannot be read (%s)".formatted(root, name, why),
                cause);
    }

    /**
     * What a file read lacks that its readers rely on, or null when complete: a manifest without
     * seeds or configuration would fail later with an index or null error, and a checkpoint's
     * parameters must name a file in the run's params/ folder, not any file (e.g. {@code
     * /dev/zero}); see docs/notes/fuzzing.md.
     */
    private static String missingPart(Object value) {
        if (value instanceof Manifest m) {
            if (m.config() == null) {
                return "it has no config";
            }
            // (The record's lists cannot hold null: List.copyOf refuses it as they are read.)
            if (m.seeds().isEmpty()) {
                return "its seeds are missing";
            }
            if (m.status() == null) {
                return "it has no status";
            }
        } else if (value instanceof Checkpoint c) {
            if (c.completedEpochs() < 0) {
                return "completedEpochs is negative";
            }
            if (c.sha256() == null) {
                return "it has no sha256";
            }
            if (c.parameters() == null || !isParameterFile(c.parameters())) {
                return "parameters must name a file in params/, got " + c.parameters();
            }
        } else if (value instanceof TrainingHistory h) {
            if (h.epochs().contains(null) || h.points().contains(null)) {
                return "an epoch is empty";
            }
        }
        return null;
    }

    /** A file in the run's own params/ folder, as saveEpoch names them. */
    private static boolean isParameterFile(String name) {
        return name.matches("params/[A-Za-z0-9._-]+\\.params") && !name.contains("..");
    }
}
