package io.github.nin4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nin4j.bench.EngineProfile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @Test
    void reportsEachModeAndWritesJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        CommandRunner.Result r =
                CommandRunner.run(
                        "bench",
                        // Not whatever data the machine has: the same generated batch everywhere.
                        "--input",
                        "random",
                        "--resize",
                        "67",
                        "--batch-size",
                        "2",
                        "--steps",
                        "1",
                        "--warmup",
                        "0",
                        "--repeat",
                        "2",
                        "--json",
                        json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("engine peak:")
                .containsPattern("(?m)^train\\s+\\d")
                .containsPattern("(?m)^infer\\s+\\d")
                .containsPattern("(?m)^data\\s+\\d")
                .contains("peak resident memory:");
        JsonNode results = new ObjectMapper().readTree(json.toFile());
        assertThat(results.path("modes").size()).isEqualTo(3);
        JsonNode train = results.path("modes").path("train");
        assertThat(train.path("examples_per_sec").path("median").asDouble()).isPositive();
        assertThat(train.path("phases_seconds").path("backward").asDouble()).isPositive();
        assertThat(results.path("peak_rss_bytes").asLong()).isGreaterThan(100L << 20);
        JsonNode check = results.path("engine_check");
        assertThat(check.path("status").asText()).isIn("RIGHT", "RIGHT_AFTER_WORKAROUND");
        assertThat(check.path("input").asText()).isEqualTo("2x1x67x67");
        assertThat(r.out()).containsPattern("(?m)^engine check: ");
    }

    @Test
    void profileListsTheStepsOperatorsAndWritesTheTrace(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("step-trace.json");
        Path json = dir.resolve("bench.json");
        CommandRunner.Result r =
                CommandRunner.run(
                        "bench",
                        "--mode",
                        "infer",
                        "--input",
                        "random",
                        "--resize",
                        "67",
                        "--batch-size",
                        "2",
                        "--steps",
                        "1",
                        "--warmup",
                        "0",
                        "--repeat",
                        "1",
                        "--profile",
                        trace.toString(),
                        "--profile-top",
                        "4",
                        "--json",
                        json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("engine profile of one training step")
                .containsPattern("(?m)^(forward|backward)\\s+aten::\\S+\\s+\\d+x");
        JsonNode operators =
                new ObjectMapper().readTree(json.toFile()).path("profile").path("operators");
        assertThat(operators.size()).isEqualTo(4);
        // The trace is PyTorch's own and reads back to the same operators.
        assertThat(EngineProfile.read(trace).operators())
                .anyMatch(o -> o.phase().equals("backward") && o.name().startsWith("aten::"))
                .anyMatch(o -> o.phase().equals("forward") && o.shapes().startsWith("2x1x67x67"));
    }

    @Test
    void randomInputIsOneBatchAndSaysSo(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        CommandRunner.Result r =
                CommandRunner.run(
                        "bench",
                        "--mode",
                        "data",
                        "--input",
                        "random",
                        "--resize",
                        "67",
                        "--batch-size",
                        "3",
                        "--steps",
                        "2",
                        "--warmup",
                        "0",
                        "--repeat",
                        "1",
                        "--json",
                        json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("input: random 28x28 images, one batch (--input random)");
        assertThat(new ObjectMapper().readTree(json.toFile()).path("input").asText())
                .isEqualTo("random");
    }

    @Test
    void colourRandomImagesTrainTheSeedsNetworkOnThreeChannels() {
        CommandRunner.Result r =
                CommandRunner.run(
                        "bench",
                        "--mode",
                        "train",
                        "--input",
                        "random",
                        "--channels",
                        "3",
                        "--resize",
                        "67",
                        "--batch-size",
                        "2",
                        "--steps",
                        "1",
                        "--warmup",
                        "0",
                        "--repeat",
                        "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("input: random 28x28 colour images, one batch (--input random)")
                .containsPattern("(?m)^train\\s+\\d");

        CommandRunner.Result two = CommandRunner.run("bench", "--channels", "2");
        assertThat(two.exitCode()).isEqualTo(2);
        assertThat(two.err().strip()).isEqualTo("nin: --channels must be 1 or 3, got 2");
    }

    @Test
    void realInputWithoutTheDataIsAUsageError(@TempDir Path dir) {
        CommandRunner.Result r =
                CommandRunner.run(
                        "bench", "--input", "real", "--data", dir.resolve("missing").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("nin: ").contains("missing");
    }

    @Test
    void tooSmallResizeIsAUsageError() {
        CommandRunner.Result r = CommandRunner.run("bench", "--resize", "28");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--resize 28 is too small").contains("67");
    }
}
