package io.github.nin4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import io.github.nin4j.base.Checksums;
import io.github.nin4j.base.Fuzz;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.compute.ComputePlan;
import io.github.nin4j.compute.NinModel;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.precision.Precision;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes a run directory's readers (docs/notes/fuzzing.md): {@code manifest.json} through {@link
 * RunDirectory#readManifest}, {@code checkpoint.json} and {@code history.json} through {@link
 * RunDirectory#resumePoint}, and the parameter file through {@link RunDirectory#loadParameters}
 * (its checksum in {@code checkpoint.json} made to match, so that the bytes reach DJL's reader).
 */
class RunFilesFuzzTest {

    private static final NinArchitecture TINY =
            NinArchitecture.builder()
                    .optBlocks(List.of(new BlockSpec(4, 5, 1, 2), new BlockSpec(10, 3, 1, 1)))
                    .build();

    private static final ComputePlan READ_ONLY =
            ComputePlan.unchecked(Device.cpu(), ConvolutionLayout.NCHW, Precision.FP32);

    private static Path dir;
    private static byte[] manifest;
    private static byte[] checkpoint;
    private static byte[] history;
    private static byte[] params;
    private static int inputs;

    @BeforeContainer
    static void setUp() throws IOException {
        dir = Fuzz.temporaryDirectory("run");
        RunDirectory run = RunDirectory.create(dir.resolve("valid"));
        TrainingConfig config = new TrainingConfig(TINY, 2, 0.1, 64, 28, 128, 7, OnPlateau.WARN);
        run.writeManifest(
                Manifest.begin(config, Map.of("origin", "test"), "cpu()")
                        .with(
                                new RunEvent.Diagnosed(
                                        7,
                                        PlateauDetector.Diagnosis.Kind.DIVERGED,
                                        OnPlateau.RESTART,
                                        "why"))
                        .with(new RunEvent.Restarted(7, 8, 1))
                        .with(new RunEvent.Resumed("now", 1, Map.of("cpu", "x"), null, null)));
        TrainingHistory h = TrainingHistory.empty();
        h.addEpoch(
                List.of(new ProgressPoint(0.5, 2.3, 0.1), new ProgressPoint(1.0, 2.2, 0.2)),
                new EpochMetrics(1, 2.2, 0.2, 0.25, 100, 1, 0.1));
        try (NinModel nin = model()) {
            run.saveEpoch(nin.model(), h, 8);
        }
        manifest = Files.readAllBytes(run.file("manifest.json"));
        checkpoint = Files.readAllBytes(run.file("checkpoint.json"));
        history = Files.readAllBytes(run.file("history.json"));
        params = Files.readAllBytes(run.file("params/nin-0001.params"));
    }

    @AfterContainer
    static void tearDown() {
        Fuzz.delete(dir);
    }

    /** A model of the run's network, initialised, for its parameters to be loaded into. */
    private static NinModel model() {
        return NinModel.builder()
                .setArchitecture(TINY)
                .setInputShape(new Shape(1, 1, 28, 28))
                .setPlan(READ_ONLY)
                .build();
    }

    /** Loads the run's parameters into a model of its network. */
    private static boolean loadParameters(RunDirectory run) {
        try (NinModel nin = model()) {
            run.loadParameters(nin.model());
            return true;
        }
    }

    /** A run directory holding the valid files, with one replaced. */
    private static RunDirectory runWith(String name, byte[] bytes) {
        // A fresh directory for every input: no file of the one before can be read.
        Fuzz.delete(dir.resolve("input-" + inputs));
        Path root = dir.resolve("input-" + ++inputs);
        Fuzz.write(root.resolve("manifest.json"), manifest);
        Fuzz.write(root.resolve("checkpoint.json"), checkpoint);
        Fuzz.write(root.resolve("history.json"), history);
        Fuzz.write(root.resolve("params/nin-0001.params"), params);
        Fuzz.write(root.resolve(name), bytes);
        return RunDirectory.openToResume(root);
    }

    private static void readManifest(byte[] bytes) {
        RunDirectory run = runWith("manifest.json", bytes);
        Manifest read = Fuzz.parsesOrRefuses(run::readManifest);
        if (read != null) {
            // What the readers of a manifest rely on.
            assertThat(read.config()).isNotNull();
            assertThat(read.seeds()).isNotEmpty();
            assertThat(read.events()).doesNotContainNull();
            assertThat(read.status()).isNotNull();
            read.classNames();
            read.restartPending();
        }
    }

    private static void readCheckpoint(String name, byte[] bytes) {
        RunDirectory run = runWith(name, bytes);
        Fuzz.parsesOrRefuses(() -> run.resumePoint(8));
        Fuzz.parsesOrRefuses(() -> loadParameters(run));
    }

    private static void loadParametersOf(byte[] bytes) {
        String json =
                new String(checkpoint, StandardCharsets.UTF_8)
                        .replace(Checksums.sha256(params), Checksums.sha256(bytes));
        RunDirectory run = runWith("checkpoint.json", json.getBytes(StandardCharsets.UTF_8));
        Fuzz.write(run.file("params/nin-0001.params"), bytes);
        Fuzz.parsesOrRefuses(() -> loadParameters(run));
    }

    @Property
    void manifestOfAnyBytes(@ForAll @Size(max = 2048) byte[] bytes) {
        readManifest(bytes);
    }

    @Property
    void damagedManifests(@ForAll("damage") List<Fuzz.Mutation> damage) {
        readManifest(Fuzz.damaged(manifest, damage));
    }

    @Property
    void manifestsWithAValueReplaced(@ForAll("field") String field, @ForAll("json") String value) {
        String text = new String(manifest, StandardCharsets.UTF_8);
        readManifest(
                text.replaceFirst("(\"" + field + "\" : )[^,\\n]*", "$1" + quoteReplacement(value))
                        .getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void checkpointAndHistoryOfAnyBytes(
            @ForAll("checkpointFile") String name, @ForAll @Size(max = 1024) byte[] bytes) {
        readCheckpoint(name, bytes);
    }

    @Property
    void damagedCheckpointsAndHistories(
            @ForAll("checkpointFile") String name, @ForAll("damage") List<Fuzz.Mutation> damage) {
        readCheckpoint(
                name, Fuzz.damaged(name.equals("checkpoint.json") ? checkpoint : history, damage));
    }

    @Property
    void checkpointsWithAValueReplaced(
            @ForAll("checkpointField") String field, @ForAll("json") String value) {
        String text = new String(checkpoint, StandardCharsets.UTF_8);
        readCheckpoint(
                "checkpoint.json",
                text.replaceFirst("(\"" + field + "\" : )[^,\\n]*", "$1" + quoteReplacement(value))
                        .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Found by fuzzing: DJL's block reader allocated the input shapes a damaged file declares
     * (AbstractBaseBlock.readInputShapes) before reading them, and ran out of memory; the file is
     * now compared with the network's own structure first.
     */
    @Property
    void parametersOfAnyBytes(@ForAll @Size(max = 2048) byte[] bytes) {
        loadParametersOf(bytes);
    }

    /**
     * Found by fuzzing: DJL's block reader allocated the input shapes a damaged file declares
     * (AbstractBaseBlock.readInputShapes) before reading them, and ran out of memory; the file is
     * now compared with the network's own structure first.
     */
    @Property
    void damagedParameters(@ForAll("damage") List<Fuzz.Mutation> damage) {
        loadParametersOf(Fuzz.damaged(params, damage));
    }

    /** Found by fuzzing: the message named {@code java.lang.String} and Jackson's token class. */
    @Example
    void aCheckpointWithAValueOfTheWrongTypeIsOneLineOfWords() {
        RunDirectory run =
                runWith(
                        "checkpoint.json",
                        "{\"completedEpochs\": 1, \"parameters\": [], \"sha256\": \"x\"}"
                                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(run::readCheckpoint)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith(
                        "checkpoint.json cannot be read (the value at parameters is missing, of"
                                + " the wrong type or out of range)")
                .satisfies(e -> Fuzz.isOneLineOfWords(e.getMessage()));
    }

    /** Found in review while fuzzing: a checkpoint could name any file, e.g. /dev/zero. */
    @Example
    void aCheckpointNamingAFileOutsideItsParametersIsRefused() {
        for (String name : List.of("/dev/zero", "params/../../x.params")) {
            RunDirectory run =
                    runWith(
                            "checkpoint.json",
                            ("{\"completedEpochs\": 1, \"parameters\": \""
                                            + name
                                            + "\", \"sha256\": \"x\"}")
                                    .getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> loadParameters(run))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("parameters must name a file in params/");
        }
    }

    /** Found by fuzzing: a manifest without seeds read, and failed later with an index error. */
    @Example
    void aManifestWithoutSeedsIsRefused() {
        String text =
                new String(manifest, StandardCharsets.UTF_8)
                        .replaceFirst("(\"seeds\" : )\\[[^\\]]*\\]", "$1[]");
        RunDirectory run = runWith("manifest.json", text.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(run::readManifest)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("its seeds are missing");
    }

    /**
     * Found by fuzzing: an array header declaring more than the file holds made DJL's reader
     * allocate it, and fail with OutOfMemoryError.
     */
    @Example
    void anArrayHeaderDeclaringMoreThanTheFileHoldsIsRefused() {
        ByteBuffer header = ByteBuffer.allocate(64);
        header.put(new byte[] {0, 4, 'N', 'D', 'A', 'R'}).putInt(3).put((byte) 0);
        header.putShort((short) 5).put("dense".getBytes(StandardCharsets.US_ASCII));
        header.putShort((short) 7).put("FLOAT32".getBytes(StandardCharsets.US_ASCII));
        header.putInt(Integer.MAX_VALUE);
        byte[] bytes = java.util.Arrays.copyOf(params, params.length + header.position());
        System.arraycopy(header.array(), 0, bytes, params.length, header.position());
        String json =
                new String(checkpoint, StandardCharsets.UTF_8)
                        .replace(Checksums.sha256(params), Checksums.sha256(bytes));
        RunDirectory run = runWith("checkpoint.json", json.getBytes(StandardCharsets.UTF_8));
        Fuzz.write(run.file("params/nin-0001.params"), bytes);
        assertThatThrownBy(() -> loadParameters(run))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("an array's header is damaged");
    }

    private static String quoteReplacement(String s) {
        return java.util.regex.Matcher.quoteReplacement(s);
    }

    @Provide
    Arbitrary<List<Fuzz.Mutation>> damage() {
        return Fuzz.mutations();
    }

    @Provide
    Arbitrary<String> checkpointFile() {
        return Arbitraries.of("checkpoint.json", "history.json");
    }

    @Provide
    Arbitrary<String> field() {
        return Arbitraries.of(
                "config",
                "seeds",
                "events",
                "status",
                "data",
                "type",
                "seed",
                "action",
                "kind",
                "epochs",
                "resize",
                "batchSize",
                "learningRate",
                "architecture",
                "blocks",
                "engineCheck",
                "afterEpoch",
                "previousSeed",
                "onPlateau",
                "limit",
                "versions");
    }

    @Provide
    Arbitrary<String> checkpointField() {
        return Arbitraries.of("completedEpochs", "parameters", "sha256", "seed");
    }

    @Provide
    Arbitrary<String> json() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "null",
                        "true",
                        "-1",
                        "0",
                        "1e400",
                        "2147483648",
                        "1.5",
                        "\"\"",
                        "[]",
                        "[null]",
                        "{}",
                        "[{}]",
                        "\"../../../etc/passwd\"",
                        "\"\\u0000\"",
                        "\"params/nin-0001.params\"",
                        "[{\"type\": \"nope\"}]",
                        "[{\"type\": \"restarted\"}]",
                        "\"x\""),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.strings().ofMaxLength(12).map(s -> "\"" + s + "\""));
    }
}
