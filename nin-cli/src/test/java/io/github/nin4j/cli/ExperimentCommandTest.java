package io.github.nin4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nin4j.data.LearnableImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nin experiment} as a user runs it, on generated data and a small base network. */
class ExperimentCommandTest {

    @TempDir static Path dir;
    private static Path data;

    @BeforeAll
    static void writeData() throws IOException {
        data = LearnableImages.writeTo(dir.resolve("data"), 256, 64);
    }

    private static CommandRunner.Result experiment(Path out, String... more) {
        List<String> args =
                new java.util.ArrayList<>(
                        List.of(
                                "experiment",
                                "--data",
                                data.toString(),
                                "--block",
                                "16:5:1:2,10:3:1:1",
                                "--resize",
                                "28",
                                "--epochs",
                                "1",
                                "--batch-size",
                                "64",
                                "--out",
                                out.toString()));
        args.addAll(List.of(more));
        return CommandRunner.run(args.toArray(String[]::new));
    }

    @Test
    void runsTheGridMeasuresMemoryAndWritesTheReport() throws IOException {
        Path out = dir.resolve("exp");
        CommandRunner.Result r = experiment(out, "--variants", "seed,no-1x1", "--seeds", "1");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("2 variants x 1 seeds = 2 runs")
                .contains("[1/2] seed/seed-1: training")
                .contains("[2/2] no-1x1/seed-1: training")
                .contains("epoch 1/1: loss ")
                .contains("measuring no-1x1")
                .contains("report: " + out.resolve("report.md"));
        for (String file :
                List.of(
                        "report.md",
                        "report.csv",
                        "report.json",
                        "test-accuracy.png",
                        "test-accuracy.svg",
                        "seed/cost.json",
                        "seed/seed-1/manifest.json")) {
            assertThat(out.resolve(file)).isRegularFile();
        }
        // Memory per example was measured (in child processes), not left at zero.
        List<String> csv = Files.readAllLines(out.resolve("report.csv"));
        int training = List.of(csv.get(0).split(",")).indexOf("training_bytes_per_example");
        String[] cells = csv.get(1).replaceAll("\"[^\"]*\"", "d").split(",");
        assertThat(Long.parseLong(cells[training])).as("training bytes per example").isPositive();

        CommandRunner.Result again = experiment(out, "--variants", "seed,no-1x1", "--seeds", "1");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out())
                .contains("[1/2] seed/seed-1: finished earlier")
                .doesNotContain(": training");
    }

    @Test
    void badGridsAreOneLineAndExitTwo() throws IOException {
        CommandRunner.Result unknown = experiment(dir.resolve("bad"), "--variants", "seed,wide");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().strip())
                .startsWith("nin: unknown variant 'wide'; the standard ones are seed,")
                .doesNotContain("\n");

        Path grid = Files.writeString(dir.resolve("grid.json"), "{\"seed\": 1}");
        CommandRunner.Result file =
                CommandRunner.run(
                        "experiment", "--grid", grid.toString(), "--data", data.toString());
        assertThat(file.exitCode()).isEqualTo(2);
        assertThat(file.err()).contains("grid.json: seed is not a known key");
    }
}
