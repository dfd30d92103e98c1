package io.github.nin4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nin4j.data.LearnableImages;
import io.github.nin4j.interop.NpzFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of a variant network (one 1×1 convolution per block, fully-connected head) through train,
 * evaluate, predict, export and import: each rebuilds the network from the manifest's architecture.
 * The engine check of a network with 4096-wide linear layers takes seconds per layout, so the
 * commands that run it are told the layout (channels-last is right on every machine seen).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VariantCommandsTest {

    /**
     * One NiN block, 8 wide, then the fully-connected head: 8·5·5 features at 28 pixels, so that
     * the 4096×4096 layer is most of the network's 17.6 million parameters.
     */
    private static final String[] VARIANT = {
        "--resize",
        "28",
        "--block",
        "8:5:2:0,10:3:1:1",
        "--pointwise",
        "1",
        "--head",
        "fully-connected"
    };

    private static final String[] ONE_LAYOUT = {"--conv-layout", "channels-last"};

    @TempDir static Path dir;
    private static Path data;
    private static Path run;

    @BeforeAll
    static void writeData() throws IOException {
        data = LearnableImages.writeTo(dir.resolve("data"), 256, 64);
        run = dir.resolve("run");
    }

    private static String[] withVariant(String... first) {
        String[] all = new String[first.length + VARIANT.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(VARIANT, 0, all, first.length, VARIANT.length);
        return all;
    }

    @Test
    @Order(1)
    void trainRecordsTheVariantInTheManifest() throws IOException {
        CommandRunner.Result r =
                CommandRunner.run(
                        withVariant(
                                "train",
                                "--data",
                                data.toString(),
                                "--epochs",
                                "1",
                                "--batch-size",
                                "64",
                                "--out",
                                run.toString(),
                                ONE_LAYOUT[0],
                                ONE_LAYOUT[1]));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode architecture =
                new ObjectMapper()
                        .readTree(run.resolve("manifest.json").toFile())
                        .path("config")
                        .path("architecture");
        assertThat(architecture.path("pointwise").asInt()).isEqualTo(1);
        assertThat(architecture.path("head").asText()).isEqualTo("FULLY_CONNECTED");
        assertThat(architecture.path("blocks")).hasSize(2);
    }

    @Test
    @Order(2)
    void resumeRefusesAnotherVariant() {
        CommandRunner.Result r =
                CommandRunner.run(
                        "train",
                        "--resume",
                        run.toString(),
                        "--epochs",
                        "2",
                        "--pointwise",
                        "2",
                        "--data",
                        data.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("cannot resume").contains("--pointwise (run has");
    }

    @Test
    @Order(3)
    void evaluateAndPredictRebuildTheVariant() {
        CommandRunner.Result evaluate =
                CommandRunner.run(
                        "evaluate",
                        run.toString(),
                        "--data",
                        data.toString(),
                        ONE_LAYOUT[0],
                        ONE_LAYOUT[1]);
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        assertThat(evaluate.out()).contains("(64 examples)");

        CommandRunner.Result predict =
                CommandRunner.run(
                        "predict",
                        run.toString(),
                        "--data",
                        data.toString(),
                        "--count",
                        "2",
                        ONE_LAYOUT[0],
                        ONE_LAYOUT[1]);
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        assertThat(predict.out().lines().filter(l -> l.matches("\\s*\\d+  true .*"))).hasSize(2);
    }

    @Test
    @Order(4)
    void exportNamesTheLinearLayersAsPytorchAndImportNeedsTheVariant() {
        Path npz = dir.resolve("variant.npz");
        CommandRunner.Result export =
                CommandRunner.run("export", run.toString(), "--npz", npz.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        // Block 0 (conv 0.0, 1x1 conv 0.2), pool 1, flatten 2, linear layers 3, 6 and 9.
        assertThat(export.out()).contains("wrote 10 arrays (0.0.weight ... 9.bias)");

        CommandRunner.Result guessed =
                CommandRunner.run(
                        "import", npz.toString(), "--out", dir.resolve("guessed").toString());
        assertThat(guessed.exitCode()).isEqualTo(2);
        assertThat(guessed.err().strip())
                .startsWith("nin: cannot infer the NiN architecture: 3.weight, 3.bias,")
                .endsWith("give the architecture explicitly, with its fully-connected head");

        Path imported = dir.resolve("imported");
        CommandRunner.Result in =
                CommandRunner.run(
                        withVariant("import", npz.toString(), "--out", imported.toString()));
        assertThat(in.exitCode()).as(in.err()).isZero();
        assertThat(in.out())
                .contains(
                        "NiN with blocks [8:5:2:0, 10:3:1:1], 1 1x1 convolution per block,"
                                + " fully-connected head, 10 classes");
        // The imported run holds the exported values: exporting it again gives them back.
        Path again = dir.resolve("again.npz");
        CommandRunner.Result reexport =
                CommandRunner.run("export", imported.toString(), "--npz", again.toString());
        assertThat(reexport.exitCode()).as(reexport.err()).isZero();
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> first = NpzFile.of(npz).read(manager);
            Map<String, NDArray> second = NpzFile.of(again).read(manager);
            assertThat(second.keySet()).containsExactlyElementsOf(first.keySet());
            assertThat(first)
                    .allSatisfy(
                            (key, array) ->
                                    assertThat(array.contentEquals(second.get(key)))
                                            .as(key)
                                            .isTrue());
        }
    }
}
