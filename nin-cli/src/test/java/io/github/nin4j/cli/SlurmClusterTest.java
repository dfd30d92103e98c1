package io.github.nin4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nin4j.data.LearnableImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nin experiment --slurm} against a real Slurm: Debian's 22.05 started by {@code
 * cluster/local-slurm} as a cluster of two {@code slurmd} on this machine. Skips where Slurm is not
 * installed or does not start.
 */
class SlurmClusterTest {

    @TempDir static Path dir;
    private static Path cluster;
    private static Map<String, String> env;
    private static Path data;

    private static final Path SCRIPT = Path.of("..", "cluster", "local-slurm").toAbsolutePath();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = dir.resolve("cluster");
        Run started =
                run(List.of("bash", SCRIPT.toString(), "start", cluster.toString()), Map.of());
        assumeTrue(
                started.exit() == 0,
                "Slurm did not start here, skipping (" + started.output().strip() + ")");
        env = Map.of("SLURM_CONF", cluster.resolve("slurm.conf").toString());
        data = LearnableImages.writeTo(dir.resolve("data"), 4096, 256);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null && Files.exists(cluster.resolve("slurm.conf"))) {
            run(List.of("bash", SCRIPT.toString(), "stop", cluster.toString()), Map.of());
        }
    }

    private record Run(int exit, String output) {}

    private static Run run(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
        return new Run(process.exitValue(), output);
    }

    /** The application in a process of its own, as a user on the cluster's login node runs it. */
    private static Run nin(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(
                List.of(
                        "-Xmx1g",
                        "-Dai.djl.offline=true",
                        "-Djava.awt.headless=true",
                        "-cp",
                        System.getProperty("java.class.path"),
                        NinCommand.class.getName()));
        command.addAll(List.of(args));
        return run(command, env);
    }

    private static String slurm(String... command) throws IOException, InterruptedException {
        Run r = run(List.of(command), env);
        assertThat(r.exit()).as(String.join(" ", command) + ": " + r.output()).isZero();
        return r.output();
    }

    private static void await(String what, Duration limit, BooleanSupplier condition)
            throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(end);
            Thread.sleep(250);
        }
    }

    private static boolean idle() {
        try {
            return slurm("squeue", "-h").isBlank();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a cell's run has trained its first batches (its time estimate is recorded). */
    private static BooleanSupplier training(Path cell) {
        return () -> {
            try {
                Path manifest = cell.resolve("manifest.json");
                return Files.isRegularFile(manifest)
                        && Files.readString(manifest).contains("\"estimated\"");
            } catch (IOException e) {
                return false;
            }
        };
    }

    private static List<String> grid() {
        return List.of(
                "--data", data.toString(),
                "--block", "16:5:1:2,10:3:1:1",
                // Epochs of a few seconds even on an idle machine, so that a requeue, a cancel and
                // a node's death land while a cell trains.
                "--resize", "56",
                "--epochs", "2",
                "--batch-size", "64",
                "--variants", "seed",
                "--seeds", "1,2");
    }

    @Test
    void aGridSurvivesARequeueAndACancelledCellAndEndsAsALocalRunDoes() throws Exception {
        Path exp = dir.resolve("exp");
        List<String> submit = new ArrayList<>(List.of("experiment", "--slurm", "--out"));
        submit.add(exp.toString());
        submit.addAll(grid());
        submit.addAll(List.of("--cpus-per-task", "1", "--mem", "1G"));
        Run submitted = nin(submit.toArray(String[]::new));
        assertThat(submitted.exit()).as(submitted.output()).isZero();
        assertThat(submitted.output()).contains("submitted 2 of 2 cells as Slurm array job");
        Matcher ids =
                Pattern.compile("array job (\\d+) .*and job (\\d+)").matcher(submitted.output());
        assertThat(ids.find()).isTrue();
        String array = ids.group(1);

        // Cell 0 is requeued while it trains (as preemption does); cell 1 is cancelled.
        Path first = exp.resolve("seed").resolve("seed-1");
        Path second = exp.resolve("seed").resolve("seed-2");
        await("cell 0 to train", Duration.ofMinutes(3), training(first));
        slurm("scontrol", "requeue", array + "_0");
        await("cell 1 to train", Duration.ofMinutes(3), training(second));
        slurm("scancel", array + "_1");
        await("the array and its report", Duration.ofMinutes(5), SlurmClusterTest::idle);

        String report = Files.readString(exp.resolve("report.md"));
        assertThat(report).contains("## Runs that did not finish").contains("| seed/seed-2 |");
        assertThat(Files.readString(exp.resolve("report.json")))
                .contains("\"unfinished\"")
                .contains("\"state\" : \"interrupted\"");
        JsonNode manifest = new ObjectMapper().readTree(first.resolve("manifest.json").toFile());
        assertThat(manifest.path("status").asText()).isEqualTo("completed");
        List<String> restarts = new ArrayList<>();
        manifest.path("events")
                .forEach(
                        e ->
                                restarts.add(
                                        e.path("machine").path("slurm_restart_count").asText("")));
        assertThat(restarts).contains("1");

        // Resubmitted, only the cancelled cell runs, and the report is then complete.
        Run again =
                nin(
                        "experiment",
                        "--slurm",
                        "--out",
                        exp.toString(),
                        "--cpus-per-task",
                        "1",
                        "--mem",
                        "1G");
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("submitted 1 of 2 cells");
        Matcher resubmitted = Pattern.compile("array job (\\d+) ").matcher(again.output());
        assertThat(resubmitted.find()).isTrue();
        // Its node dies while it trains: Slurm requeues it onto the other node.
        String task = resubmitted.group(1) + "_1";
        await(
                "the resubmitted cell to resume training",
                Duration.ofMinutes(3),
                () -> events(second, "resumed") >= 1);
        String node = slurm("squeue", "-h", "-o", "%N", "-j", task).strip();
        assertThat(node).isIn("n1", "n2");
        run(List.of("bash", SCRIPT.toString(), "kill-node", cluster.toString(), node), Map.of());
        await("the resubmitted cell and its report", Duration.ofMinutes(5), SlurmClusterTest::idle);
        assertThat(events(second, "resumed"))
                .as(() -> "resumed after its node died; slurmctld.log ends:\n" + controllerLog())
                .isGreaterThan(1);
        assertThat(Files.readString(exp.resolve("report.md")))
                .doesNotContain("did not finish")
                .contains("| seed | 2 |");

        // The same cells run here, one after the other, end byte for byte the same.
        Path local = dir.resolve("local");
        Files.createDirectories(local);
        Files.copy(exp.resolve("plan.json"), local.resolve("plan.json"));
        for (int index = 0; index < 2; index++) {
            CommandRunner.Result cell =
                    CommandRunner.run(
                            "experiment", "cell", local.toString(), "--index", "" + index);
            assertThat(cell.exitCode()).as(cell.err()).isZero();
        }
        for (String seed : List.of("seed-1", "seed-2")) {
            Path slurmRun = exp.resolve("seed").resolve(seed);
            Path localRun = local.resolve("seed").resolve(seed);
            assertThat(parameterFiles(slurmRun)).isEqualTo(parameterFiles(localRun));
            for (Path params : parameterFiles(localRun)) {
                assertThat(Files.readAllBytes(slurmRun.resolve(params)))
                        .as(seed + " " + params)
                        .isEqualTo(Files.readAllBytes(localRun.resolve(params)));
            }
            assertThat(withoutTimes(slurmRun)).isEqualTo(withoutTimes(localRun));
        }
    }

    /** The controller log's last lines, to tell why a job did what it did when a check fails. */
    private static String controllerLog() {
        try {
            List<String> lines = Files.readAllLines(cluster.resolve("log/slurmctld.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** How many events of a type a cell's manifest records. */
    private static int events(Path cell, String type) {
        try {
            JsonNode manifest = new ObjectMapper().readTree(cell.resolve("manifest.json").toFile());
            int count = 0;
            for (JsonNode e : manifest.path("events")) {
                if (type.equals(e.path("type").asText())) {
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<Path> parameterFiles(Path run) throws IOException {
        try (Stream<Path> files = Files.list(run.resolve("params"))) {
            return files.map(run::relativize).sorted().toList();
        }
    }

    /** The history's numbers that do not measure time. */
    private static JsonNode withoutTimes(Path run) throws IOException {
        JsonNode history = new ObjectMapper().readTree(run.resolve("history.json").toFile());
        history.path("epochs")
                .forEach(
                        e ->
                                ((com.fasterxml.jackson.databind.node.ObjectNode) e)
                                        .remove(
                                                List.of(
                                                        "examplesPerSecond",
                                                        "trainSeconds",
                                                        "evalSeconds")));
        return history;
    }
}
