package io.github.nin4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nin4j.data.LearnableImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedsCommandTest {

    @Test
    void measuresEachSeedOnceAndWritesJson(@TempDir Path dir) throws IOException {
        Path data = LearnableImages.writeTo(dir.resolve("data"), 128, 32);
        Path json = dir.resolve("seeds.json");
        CommandRunner.Result r =
                CommandRunner.run(
                        "seeds",
                        "--data",
                        data.toString(),
                        "--resize",
                        "28",
                        "--block",
                        "16:5:1:2,10:3:1:1",
                        "--images",
                        "64",
                        "--seeds",
                        "3,1000006",
                        "--json",
                        json.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("zero").contains("predicted").contains("first grad");
        assertThat(lines.get(1)).matches("\\s+3\\s+64\\s+\\d+\\s+\\d+\\s.*");
        assertThat(lines.get(2)).matches("\\s+1000006\\s+64\\s.*");
        JsonNode results = new ObjectMapper().readTree(json.toFile());
        assertThat(results).hasSize(2);
        assertThat(results.get(1).path("seed").asInt()).isEqualTo(1000006);
        assertThat(results.get(0).path("loss").asDouble()).isBetween(2.0, 2.6);
    }

    @Test
    void tooFewImagesIsRefusedInOneLine() {
        CommandRunner.Result r = CommandRunner.run("seeds", "--seeds", "1", "--images", "1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("nin: --images must be at least 2, got 1");
    }
}
