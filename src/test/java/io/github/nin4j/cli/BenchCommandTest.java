package io.github.nin4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @Test
    void reportsEachModeAndWritesJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        CommandRunner.Result r = CommandRunner.run("bench", "--resize", "67", "--batch-size", "2",
                "--steps", "1", "--warmup", "0", "--repeat", "2", "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("engine peak:").containsPattern("(?m)^train\\s+\\d")
                .containsPattern("(?m)^infer\\s+\\d").containsPattern("(?m)^data\\s+\\d")
                .contains("peak resident memory:");
        JsonNode results = new ObjectMapper().readTree(json.toFile());
        assertThat(results.path("modes").size()).isEqualTo(3);
        JsonNode train = results.path("modes").path("train");
        assertThat(train.path("examples_per_sec").path("median").asDouble()).isPositive();
        assertThat(train.path("phases_seconds").path("backward").asDouble()).isPositive();
        assertThat(results.path("peak_rss_bytes").asLong()).isGreaterThan(100L << 20);
    }

    @Test
    void tooSmallResizeIsAUsageError() {
        CommandRunner.Result r = CommandRunner.run("bench", "--resize", "28");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--resize 28 is too small").contains("67");
    }
}
