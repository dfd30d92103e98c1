package io.github.nin4j.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.github.nin4j.base.AtomicFile;
import io.github.nin4j.base.Checksums;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import io.github.nin4j.compute.NinModel;
import io.github.nin4j.compute.ParameterSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A run's directory: {@code manifest.json}, {@code history.json} and {@code history.csv}, {@code
 * checkpoint.json} pointing at {@code params/nin-NNNN.params}, and the plots. Every file is written
 * atomically, and the checkpoint is written after the parameters it names, with their SHA-256, so
 * the directory always describes a complete epoch and a damaged parameter file is told from a good
 * one.
 *
 * <p>The parameter file is the one DJL's {@code Model.save} writes ({@code nin-NNNN.params}, with
 * DJL's header), so that DJL finds and loads it the usual way: {@code Model} with the network's
 * block, then {@code model.load(runDir.resolve("params"), "nin")}. Run directories written before
 * (raw parameters in {@code params/epoch-NNN.params}) still load and resume: {@code
 * checkpoint.json} names the file, and the header is optional on reading.
 */
public final class RunDirectory {

    /**
     * The model name of the parameter files, DJL's prefix: {@code Model.load(params, MODEL_NAME)}
     * finds the latest.
     */
    public static final String MODEL_NAME = "nin";

    /** DJL's mark and version at the start of a parameter file ({@code BaseModel.save}). */
    private static final byte[] DJL_MAGIC = "DJL@".getBytes(StandardCharsets.US_ASCII);

    private static final int DJL_MODEL_VERSION = 1;

    private static final String MANIFEST = "manifest.json";
    private static final String CHECKPOINT = "checkpoint.json";
    private static final String HISTORY = "history.json";
    private static final String HISTORY_CSV = "history.csv";

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
                    "run directory "
                            + root
                            + " already holds a run; resume it, or choose another directory");
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new InvalidInputException(
                    "run directory "
                            + root
                            + " is an existing file, not a directory; choose another path");
        }
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new InvalidInputException(
                    "cannot create run directory "
                            + root
                            + ": "
                            + Reasons.of(e)
                            + "; choose another path",
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
                        "run directory "
                                + root
                                + " has completed no epoch yet ("
                                + name
                                + " is missing); resume the run to train it from its start");
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
                    "run directory "
                            + root
                            + " does not exist; give the directory a training run wrote");
        }
        requireManifest(root);
        return new RunDirectory(root);
    }

    private static void requireManifest(Path root) {
        if (!Files.isRegularFile(root.resolve(MANIFEST))) {
            throw new InvalidInputException(
                    "run directory "
                            + root
                            + " holds no run: "
                            + MANIFEST
                            + " is missing; give the directory a training run wrote");
        }
    }

    /**
     * Where a resume of the given seed continues: its last checkpoint and the history up to it, or
     * the seed's start when it has none. A checkpoint of another seed (one a restart abandoned,
     * left when the run was killed before removing it) is not continued. History is written just
     * before the checkpoint, so after a kill between the two it may hold one epoch more; that epoch
     * is trained again.
     *
     * @param seed the manifest's current seed
     * @return the history to continue (empty from the start) and whether parameters are loaded
     * @throws InvalidInputException if checkpoint or history cannot be read or disagree
     */
    public ResumePoint resumePoint(int seed) {
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
                    "run directory "
                            + root
                            + " is corrupt: "
                            + HISTORY
                            + " holds "
                            + history.completedEpochs()
                            + " epochs but "
                            + CHECKPOINT
                            + " says "
                            + epochs
                            + " completed");
        }
        return new ResumePoint(history.truncated(epochs), true);
    }

    /**
     * Where a resumed run continues.
     *
     * @param history the completed epochs it continues after; empty when it starts afresh
     * @param fromCheckpoint whether the checkpoint's parameters are loaded (else the network is
     *     initialised with the seed)
     */
    public record ResumePoint(TrainingHistory history, boolean fromCheckpoint) {

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
        removeParametersExcept("");
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
     * @param block the network, initialised
     * @param history the history including this epoch
     */
    public void saveEpoch(Block block, TrainingHistory history) {
        saveEpoch(block, history, null);
    }

    /**
     * Saves a completed epoch of a seed's training: parameters first, then history and the
     * checkpoint that points at them (recording the seed, see {@link Checkpoint#seed}), then
     * removes older parameter files.
     *
     * @param block the network, initialised
     * @param history the history including this epoch
     * @param seed the seed being trained; null when unknown (imported parameters)
     */
    public void saveEpoch(Block block, TrainingHistory history, Integer seed) {
        int epoch = history.completedEpochs();
        // DJL's name for a model's epoch (BaseModel.save), so that Model.load finds it.
        String name = String.format(Locale.ROOT, "params/%s-%04d.params", MODEL_NAME, epoch);
        byte[] bytes = serialize(block, epoch);
        AtomicFile.write(root.resolve(name), out -> out.write(bytes));
        writeJson(HISTORY, history);
        writeCsv(history);
        writeJson(CHECKPOINT, new Checkpoint(epoch, name, Checksums.sha256(bytes), seed));
        removeParametersExcept(name);
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
            public void loadInto(Block block, NDManager manager) {
                loadParameters(block, manager);
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
     * Loads the checkpoint's parameters into an initialised network of the same architecture, after
     * checking their checksum.
     *
     * @param block the network
     * @param manager the manager that owns the parameters
     * @throws InvalidInputException if the parameter file is missing, damaged or does not fit
     */
    public void loadParameters(Block block, NDManager manager) {
        Checkpoint checkpoint = readCheckpoint();
        Path params = root.resolve(checkpoint.parameters());
        byte[] bytes;
        try {
            if (Files.size(params) > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException(
                        "checkpoint " + params + " is larger than a parameter file can be");
            }
            bytes = Files.readAllBytes(params);
        } catch (IOException e) {
            throw new InvalidInputException(
                    "run directory " + root + " is incomplete: cannot read " + params, e);
        }
        if (!Checksums.sha256(bytes).equals(checkpoint.sha256())) {
            throw new InvalidInputException(
                    "checkpoint "
                            + params
                            + " is damaged (its SHA-256 does not match checkpoint.json); the run"
                            + " cannot be resumed or evaluated from it");
        }
        String oversized = oversizedArray(bytes);
        if (oversized != null) {
            throw new InvalidInputException(
                    "checkpoint "
                            + params
                            + " does not fit the network in manifest.json: "
                            + oversized);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            // Files written before the DJL names hold the block's parameters alone.
            if (startsWithDjlHeader(bytes)) {
                skipDjlHeader(in);
            }
            String mismatch =
                    structureMismatch(
                            Arrays.copyOfRange(bytes, bytes.length - in.available(), bytes.length),
                            block);
            if (mismatch != null) {
                throw new InvalidInputException(
                        "checkpoint "
                                + params
                                + " does not fit the network in manifest.json: "
                                + mismatch);
            }
            block.loadParameters(manager, in);
            // Loaded arrays do not record gradients as initialised ones do; a resumed run needs
            // them to.
            for (Parameter parameter : block.getParameters().values()) {
                if (parameter.requiresGradient()) {
                    parameter.getArray().setRequiresGradient(true);
                }
            }
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new InvalidInputException(
                    "checkpoint "
                            + params
                            + " does not fit the network in manifest.json: "
                            + words(e),
                    e);
        }
    }

    /**
     * The parameters as DJL's {@code BaseModel.save} writes them: its header (mark, version, model
     * name, data type, input names and shapes, properties), then the block's parameters. Written
     * here rather than by {@code Model.save}, which writes in place: a checkpoint must be written
     * atomically and hashed.
     */
    private static byte[] serialize(Block block, int epoch) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.write(DJL_MAGIC);
            out.writeInt(DJL_MODEL_VERSION);
            out.writeUTF(MODEL_NAME);
            // Parameters are float32 in every precision the blocks compute in.
            out.writeUTF(DataType.FLOAT32.name());
            PairList<String, Shape> inputs = block.describeInput();
            out.writeInt(inputs.size());
            for (Pair<String, Shape> input : inputs) {
                out.writeUTF(input.getKey() == null ? "" : input.getKey());
                out.write(input.getValue().getEncoded());
            }
            // DJL's own checkpoints carry the epoch as this property.
            out.writeInt(1);
            out.writeUTF("Epoch");
            out.writeUTF(Integer.toString(epoch));
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static boolean startsWithDjlHeader(byte[] bytes) {
        return bytes.length >= DJL_MAGIC.length
                && Arrays.equals(Arrays.copyOf(bytes, DJL_MAGIC.length), DJL_MAGIC);
    }

    /** Reads past DJL's header, as {@code BaseModel.readParameters} does, to the parameters. */
    private static void skipDjlHeader(DataInputStream in) throws IOException {
        in.readFully(new byte[DJL_MAGIC.length]);
        int version = in.readInt();
        if (version != DJL_MODEL_VERSION) {
            throw new IOException("unsupported DJL parameter file version " + version);
        }
        in.readUTF(); // model name
        in.readUTF(); // data type
        int inputs = in.readInt();
        for (int i = 0; i < inputs; i++) {
            in.readUTF();
            // Shape.decode allocates what the file declares; the file must hold it.
            in.skipNBytes(declared(in.readInt(), Long.BYTES, in.available()));
            in.skipNBytes(declared(in.readInt(), Character.BYTES, in.available()));
        }
        int properties = in.readInt();
        for (int i = 0; i < properties; i++) {
            in.readUTF();
            in.readUTF();
        }
    }

    /** Bytes a declared count of items takes, when the rest of the file holds them. */
    private static long declared(int count, int size, int available) throws IOException {
        if (count < 0 || (long) count * size > available) {
            throw new IOException(
                    "it declares " + count + " items where " + available + " bytes remain");
        }
        return (long) count * size;
    }

    /**
     * An array as DJL's reader would take it at one place of a parameter file: where its data
     * starts and how long it is, or what is wrong with its header.
     */
    private record ArrayAt(int dataStart, int dataLength, String problem) {}

    /**
     * Every place DJL's reader could take for an array's start (its mark, {@code NDAR}), read as
     * {@code NDSerializer.decode} reads it: version, [name], sparse format, data type, shape, [byte
     * order], then the data's length and the data. DJL allocates what a header declares before
     * reading it, so a damaged header makes it allocate gigabytes and fail with OutOfMemoryError
     * (docs/notes/fuzzing.md): what it declares must fit in the bytes after it. Marks that occur by
     * chance inside data and do not parse are passed over.
     */
    private static List<ArrayAt> arrays(byte[] bytes) {
        List<ArrayAt> arrays = new ArrayList<>();
        byte[] mark = {0, 4, 'N', 'D', 'A', 'R'};
        for (int at = 0; at + mark.length <= bytes.length; at++) {
            if (!Arrays.equals(bytes, at, at + mark.length, mark, 0, mark.length)) {
                continue;
            }
            ByteBuffer b =
                    ByteBuffer.wrap(bytes, at + mark.length, bytes.length - at - mark.length);
            try {
                int version = b.getInt();
                if (version < 1 || version > 3) {
                    continue;
                }
                if (version > 1 && b.get() == 1) {
                    skipUtf(b);
                }
                skipUtf(b);
                skipUtf(b);
                skip(b, declared(b.getInt(), Long.BYTES, b.remaining()));
                skip(b, declared(b.getInt(), Character.BYTES, b.remaining()));
                if (version > 2) {
                    b.get();
                }
                int length = (int) declared(b.getInt(), 1, b.remaining());
                arrays.add(new ArrayAt(b.position(), length, null));
            } catch (BufferUnderflowException e) {
                // The reader meets the file's end here and stops with an error of its own.
            } catch (IOException e) {
                arrays.add(
                        new ArrayAt(
                                at, 0, "an array's header is damaged (" + e.getMessage() + ")"));
            }
        }
        return arrays;
    }

    /** What is wrong with an array DJL's reader would be asked to read, or null. */
    private static String oversizedArray(byte[] bytes) {
        return arrays(bytes).stream()
                .map(ArrayAt::problem)
                .filter(p -> p != null)
                .findFirst()
                .orElse(null);
    }

    /**
     * Whether the block's part of a parameter file has the network's own structure: the length and
     * every byte of what the network itself writes, except the arrays' values. DJL reads the
     * blocks' metadata (counts of input shapes, names) before any array and allocates what it
     * declares; a crafted file with a matching checksum could still make it run out of memory
     * (docs/notes/fuzzing.md). Checked against the network's own serialisation, nothing the file
     * declares is believed before it is compared.
     *
     * @return what differs, or null
     */
    private static String structureMismatch(byte[] stored, Block block) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            block.saveParameters(out);
        }
        byte[] own = buffer.toByteArray();
        if (stored.length != own.length) {
            return "it holds "
                    + stored.length
                    + " bytes of parameters where the network's take "
                    + own.length;
        }
        boolean[] data = new boolean[own.length];
        for (ArrayAt array : arrays(own)) {
            if (array.problem() == null) {
                Arrays.fill(data, array.dataStart(), array.dataStart() + array.dataLength(), true);
            }
        }
        for (int i = 0; i < own.length; i++) {
            if (stored[i] != own[i] && !data[i]) {
                return "its layout differs from the network's at byte " + i;
            }
        }
        return null;
    }

    private static void skipUtf(ByteBuffer b) {
        skip(b, b.getShort() & 0xFFFF);
    }

    private static void skip(ByteBuffer b, long n) {
        if (n > b.remaining()) {
            throw new BufferUnderflowException();
        }
        b.position(b.position() + (int) n);
    }

    private void removeParametersExcept(String keep) {
        Path dir = root.resolve("params");
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (!p.equals(root.resolve(keep))
                        && p.getFileName().toString().endsWith(".params")) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tidy " + dir + ": " + Reasons.of(e), e);
        }
    }

    private void writeJson(String name, Object value) {
        AtomicFile.write(root.resolve(name), out -> JSON.writeValue(nonClosing(out), value));
    }

    private void writeCsv(TrainingHistory history) {
        CsvMapper csv = new CsvMapper();
        CsvSchema schema = csv.schemaFor(EpochMetrics.class).withHeader();
        AtomicFile.write(
                root.resolve(HISTORY_CSV),
                out -> csv.writer(schema).writeValues(nonClosing(out)).writeAll(history.epochs()));
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
            throw corrupt(name, words(e), e);
        }
        String missing = missingPart(value);
        if (missing != null) {
            throw corrupt(name, missing, null);
        }
        return value;
    }

    private InvalidInputException corrupt(String name, String why, Throwable cause) {
        return new InvalidInputException(
                "run directory " + root + " is corrupt: " + name + " cannot be read (" + why + ")",
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

    /**
     * A reader's failure in words: Jackson's messages name Java types ({@code java.lang.String},
     * the record's class) and DJL's name enum classes, which a user cannot act on
     * (docs/notes/fuzzing.md).
     */
    private static String words(Throwable e) {
        if (e instanceof JsonParseException p) {
            return "not valid JSON at line "
                    + p.getLocation().getLineNr()
                    + ": "
                    + withoutClassNames(p.getOriginalMessage());
        }
        if (e instanceof JsonMappingException m) {
            String at =
                    m.getPath().stream()
                            .map(
                                    r ->
                                            r.getFieldName() != null
                                                    ? r.getFieldName()
                                                    : "[" + r.getIndex() + "]")
                            .collect(Collectors.joining("."));
            return at.isEmpty()
                    ? "its content is not what it should hold"
                    : "the value at " + at + " is missing, of the wrong type or out of range";
        }
        if (e instanceof EOFException) {
            return "it ends too soon";
        }
        return withoutClassNames(firstLine(e.getMessage()));
    }

    private static String withoutClassNames(String message) {
        if (message == null || message.isBlank()) {
            return "unreadable";
        }
        return message.lines()
                .findFirst()
                .orElse("unreadable")
                .transform(Reasons::withoutPackages)
                .replaceAll("`?JsonToken\\.", "`");
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
