package io.github.nin4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nin4j.data.LearnableImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train, evaluate, predict, export and import, run as a user runs them, on generated data. The
 * tests that read a trained run share one, trained by whichever of them comes first; none changes
 * it (a resume works on a copy), so each passes alone and in any order.
 */
class TrainingCommandsTest {

    private static final String[] SMALL = {"--resize", "28", "--block", "16:5:1:2,10:3:1:1"};

    @TempDir static Path dir;
    private static Path data;
    private static Path run;
    private static CommandRunner.Result trained;

    /** IDX files of images whose brightness encodes the class, learnable in seconds. */
    @BeforeAll
    static void writeData() throws IOException {
        data = LearnableImages.writeTo(dir.resolve("data"), 512, 128);
        run = dir.resolve("run");
    }

    private static String[] args(String... first) {
        String[] all = new String[first.length + SMALL.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(SMALL, 0, all, first.length, SMALL.length);
        return all;
    }

    /**
     * The shared run: two float32 epochs of the small network, trained on first use.
     *
     * @return its directory
     */
    private static synchronized Path trainedRun() {
        if (trained == null) {
            trained =
                    CommandRunner.run(
                            args(
                                    "train",
                                    "--data",
                                    data.toString(),
                                    "--epochs",
                                    "2",
                                    "--batch-size",
                                    "64",
                                    // the seed's own behaviour: one seed, whatever its first epoch
                                    "--on-plateau",
                                    "warn",
                                    "--out",
                                    run.toString()));
            assertThat(trained.exitCode()).as(trained.err()).isZero();
        }
        return run;
    }

    /** A copy of the shared run, for a test that changes it. */
    private static Path copyOfTrainedRun(String name) throws IOException {
        Path source = trainedRun();
        Path copy = dir.resolve(name);
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path target = copy.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
        return copy;
    }

    @Test
    void trainWritesTheSeedLinesAndTheRunDirectory() throws IOException {
        Path run = trainedRun();
        CommandRunner.Result r = trained;
        assertThat(r.out())
                .containsPattern(
                        "(?m)^loss \\d\\.\\d{3}, train acc \\d\\.\\d{3}, test acc \\d\\.\\d{3}$")
                .containsPattern("(?m)^\\d+\\.\\d examples/sec on cpu$")
                .contains("estimated time to finish")
                // --on-plateau warn: no seed is retried, so no retry is priced in
                .doesNotContain("retried with a new seed")
                .contains("epoch 2/2: loss")
                .containsPattern("(?m)^engine check: (right|\\S+ convolutions are wrong)");
        // Not a terminal: a few plain lines per epoch, no progress bar.
        assertThat(r.out().lines().filter(l -> l.startsWith("epoch 1/2, batch")))
                .hasSizeBetween(1, 3);
        // What is left, from the epochs measured so far: here epoch 1's train and test time.
        String first =
                r.out().lines().filter(l -> l.startsWith("epoch 1/2: ")).findFirst().orElseThrow();
        Matcher left =
                Pattern.compile("\\(train (\\S+) s, test (\\S+) s\\); about (\\d+) s left$")
                        .matcher(first);
        assertThat(left.find()).as(first).isTrue();
        double measured = Double.parseDouble(left.group(1)) + Double.parseDouble(left.group(2));
        assertThat(Double.parseDouble(left.group(3))).isCloseTo(measured, within(1.1));
        assertThat(r.out().lines().filter(l -> l.startsWith("epoch 2/2: ")))
                .singleElement()
                .satisfies(l -> assertThat(l).endsWith(" s)"));

        BufferedImage curves = ImageIO.read(run.resolve("curves.png").toFile());
        assertThat(curves.getWidth()).isEqualTo(700);
        assertThat(Files.readString(run.resolve("curves.svg")))
                .contains("<svg")
                .contains("viewBox=\"0 0 700 500\"");
        assertThat(Files.readAllLines(run.resolve("history.csv"))).hasSize(3);
        JsonNode manifest = new ObjectMapper().readTree(run.resolve("manifest.json").toFile());
        assertThat(manifest.path("status").asText()).isEqualTo("completed");
        assertThat(manifest.path("config").path("learningRate").asDouble()).isEqualTo(0.1);
        assertThat(manifest.path("versions").path("djl").asText()).isEqualTo("0.36.0");
        assertThat(manifest.path("data").path("content_sha256").size()).isEqualTo(4);
        assertThat(manifest.path("endedAt").asText()).isNotBlank();
        JsonNode check = manifest.path("engineCheck");
        assertThat(check.path("status").asText()).isIn("RIGHT", "RIGHT_AFTER_WORKAROUND");
        assertThat(check.path("layout").asText()).isIn("NCHW", "CHANNELS_LAST");
        assertThat(check.path("layoutReason").asText()).isEqualTo("the faster layout on the CPU");
        assertThat(check.path("input").asText()).isEqualTo("2x1x28x28");
    }

    /** `nin train` for one epoch of one batch of 64 into {@code out}, with more options. */
    private CommandRunner.Result trainOneBatch(Path out, String... more) {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                "train",
                                "--data",
                                data.toString(),
                                "--epochs",
                                "1",
                                "--limit",
                                "64",
                                "--batch-size",
                                "64",
                                "--out",
                                out.toString()));
        command.addAll(List.of(more));
        return CommandRunner.run(args(command.toArray(String[]::new)));
    }

    @Test
    void byDefaultFourInitialisationsAreScreenedAndTheChoiceIsSaidAndRecorded() throws IOException {
        Path screened = dir.resolve("screened");
        CommandRunner.Result r = trainOneBatch(screened);
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode manifest = new ObjectMapper().readTree(screened.resolve("manifest.json").toFile());
        assertThat(manifest.path("config").path("onPlateau").asText()).isEqualTo("RESTART");
        JsonNode event = manifest.path("events").get(0);
        assertThat(event.path("type").asText()).isEqualTo("screened");
        List<Integer> seeds = new ArrayList<>();
        double best = -1;
        int bestSeed = 0;
        for (JsonNode candidate : event.path("candidates")) {
            seeds.add(candidate.path("seed").asInt());
            assertThat(candidate.path("images").asInt()).isEqualTo(64);
            if (candidate.path("firstGradient").asDouble() > best) {
                best = candidate.path("firstGradient").asDouble();
                bestSeed = candidate.path("seed").asInt();
            }
        }
        assertThat(seeds).containsExactly(1, 1_000_004, 2_000_007, 3_000_010);
        assertThat(event.path("chosen").asInt()).isEqualTo(bestSeed);
        assertThat(manifest.path("config").path("seed").asInt()).isEqualTo(1);
        JsonNode recorded = manifest.path("seeds");
        assertThat(recorded.get(recorded.size() - 1).asInt()).isIn(seeds);
        assertThat(r.out())
                .containsPattern(
                        "(?m)^screened 4 initialisations in [0-9.]+ s by the first convolution's"
                                + " gradient after one step \\(seed 1 .*\\): training seed "
                                + bestSeed
                                + " \\(--screen 1 trains the seed itself\\)$");
        // The estimate says what a retried first epoch costs, before the first one is retried.
        assertThat(r.out())
                .containsPattern(
                        "(?m)^estimated time to finish: .*; each failed first epoch, retried with"
                                + " a new seed, adds about \\d+ s \\(at most 3 more\\)$");

        // `warn` is the seed's own behaviour: one seed, its own initialisation.
        Path literal = dir.resolve("literal");
        CommandRunner.Result one = trainOneBatch(literal, "--on-plateau", "warn");
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out()).doesNotContain("screened");
        assertThat(
                        new ObjectMapper()
                                .readTree(literal.resolve("manifest.json").toFile())
                                .path("events")
                                .toString())
                .doesNotContain("screened");

        CommandRunner.Result refused =
                CommandRunner.run(
                        args(
                                "train",
                                "--data",
                                data.toString(),
                                "--screen",
                                "0",
                                "--out",
                                dir.resolve("no").toString()));
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err().strip())
                .isEqualTo(
                        "nin: --screen must be 1 (train the seed itself) to 64 candidates, got 0");
        assertThat(dir.resolve("no")).doesNotExist();

        CommandRunner.Result conflict =
                CommandRunner.run(args("train", "--resume", screened.toString(), "--screen", "2"));
        assertThat(conflict.exitCode()).isEqualTo(2);
        assertThat(conflict.err().strip())
                .isEqualTo(
                        "nin: cannot resume "
                                + screened
                                + " with --screen 2: the run screens 4; leave --screen out");
    }

    @Test
    void resumeRefusesAConflictAndExtendsARun() throws IOException {
        Path run = copyOfTrainedRun("resumed");
        CommandRunner.Result conflict =
                CommandRunner.run(
                        "train",
                        "--resume",
                        run.toString(),
                        "--lr",
                        "0.05",
                        "--data",
                        data.toString());
        assertThat(conflict.exitCode()).isEqualTo(2);
        assertThat(conflict.err()).contains("cannot resume").contains("--lr (run has 0.1)");

        CommandRunner.Result done =
                CommandRunner.run("train", "--resume", run.toString(), "--data", data.toString());
        assertThat(done.exitCode()).isEqualTo(2);
        assertThat(done.err()).contains("has completed all 2 epochs");

        CommandRunner.Result more =
                CommandRunner.run(
                        "train",
                        "--resume",
                        run.toString(),
                        "--epochs",
                        "3",
                        "--data",
                        data.toString());
        assertThat(more.exitCode()).as(more.err()).isZero();
        assertThat(more.out())
                .contains("resuming after epoch 2")
                .contains("epoch 3/3: loss")
                .doesNotContain("epoch 1/3:");
        assertThat(Files.readAllLines(run.resolve("history.csv"))).hasSize(4);
    }

    /** Issue 22: the seed's bf16 run, resumed without --precision, went on in float32. */
    @Test
    void resumeKeepsTheRunsPrecision() throws IOException {
        Path out = dir.resolve("bf16-resumed");
        CommandRunner.Result first =
                CommandRunner.run(
                        args(
                                "train",
                                "--data",
                                data.toString(),
                                "--epochs",
                                "1",
                                "--on-plateau",
                                "warn",
                                "--precision",
                                "bf16",
                                "--out",
                                out.toString()));
        assertThat(first.exitCode()).as(first.err()).isZero();

        CommandRunner.Result other =
                CommandRunner.run(
                        "train",
                        "--resume",
                        out.toString(),
                        "--epochs",
                        "2",
                        "--precision",
                        "fp32",
                        "--data",
                        data.toString());
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.err()).contains("cannot resume").contains("--precision (run has bf16)");

        CommandRunner.Result resumed =
                CommandRunner.run(
                        "train",
                        "--resume",
                        out.toString(),
                        "--epochs",
                        "2",
                        "--data",
                        data.toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out())
                .contains("resuming after epoch 1")
                .contains("engine check: right (bf16 NiN blocks")
                .contains("epoch 2/2: loss");
        JsonNode check =
                new ObjectMapper()
                        .readTree(out.resolve("manifest.json").toFile())
                        .path("engineCheck");
        assertThat(check.path("precision").asText()).isEqualTo("BF16");
    }

    /** Removes every saved epoch of a run: its checkpoint, history and parameter files. */
    private static void forgetSavedEpochs(Path run) throws IOException {
        for (String name : List.of("checkpoint.json", "history.json", "history.csv")) {
            Files.delete(run.resolve(name));
        }
        try (Stream<Path> params = Files.list(run.resolve("params"))) {
            for (Path p : params.toList()) {
                Files.delete(p);
            }
        }
    }

    /** Issue 19, item 4: a run killed before its first checkpoint is no dead end. */
    @Test
    void aRunKilledBeforeItsFirstCheckpointResumesFromItsStart() throws IOException {
        Path run = copyOfTrainedRun("killed-early");
        // What kill -9 during the first epoch leaves: the manifest, running, and nothing saved.
        forgetSavedEpochs(run);
        Path manifest = run.resolve("manifest.json");
        Files.writeString(
                manifest,
                Files.readString(manifest)
                        .replaceFirst("\"status\" : \"completed\"", "\"status\" : \"running\""));

        CommandRunner.Result resumed =
                CommandRunner.run("train", "--resume", run.toString(), "--data", data.toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resuming from the start").contains("epoch 1/2: loss");
        // The same seed from its start: the uninterrupted run's curve, line for line.
        assertThat(trainLosses(run)).isEqualTo(trainLosses(trainedRun()));
    }

    /** Issue 22: a run resumed after a restart names the seed it continues, not its first. */
    @Test
    void aResumeAfterARestartNamesTheSeedItContinues() throws IOException {
        Path run = copyOfTrainedRun("resumed-after-restart");
        forgetSavedEpochs(run);
        // What a kill just after a restart leaves: the new seed recorded, nothing of it saved.
        Path manifest = run.resolve("manifest.json");
        String restarted =
                Files.readString(manifest)
                        .replaceFirst("\"status\" : \"completed\"", "\"status\" : \"running\"")
                        .replaceFirst("\"seeds\" : \\[ 1 \\]", "\"seeds\" : [ 1, 1000004 ]");
        assertThat(restarted).contains("[ 1, 1000004 ]");
        Files.writeString(manifest, restarted);

        CommandRunner.Result resumed =
                CommandRunner.run("train", "--resume", run.toString(), "--data", data.toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out())
                .startsWith("NiN training: 2 epochs, lr 0.1, batch 64, resize 28, seed 1000004\n")
                .contains("resuming from the start");
    }

    @Test
    void evaluatePrintsAccuracyAndWritesTheConfusionMatrix() throws IOException {
        Path confusion = dir.resolve("evaluate-confusion.png");
        CommandRunner.Result r =
                CommandRunner.run(
                        "evaluate",
                        trainedRun().toString(),
                        "--data",
                        data.toString(),
                        "--out",
                        confusion.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern("test loss \\d\\.\\d{3}, test acc \\d\\.\\d{3} \\(128 examples\\)")
                .contains("per-class accuracy:")
                .contains("ankle boot")
                .contains("confusion matrix (rows: true class, columns: predicted class):");
        assertThat(ImageIO.read(confusion.toFile())).isNotNull();
    }

    @Test
    void predictLabelsTestImagesAndPhotos() throws IOException {
        Path run = trainedRun();
        CommandRunner.Result grid =
                CommandRunner.run(
                        "predict", run.toString(), "--data", data.toString(), "--count", "4");
        assertThat(grid.exitCode()).as(grid.err()).isZero();
        assertThat(grid.out().lines().filter(l -> l.matches("\\s*\\d+  true .*"))).hasSize(4);
        assertThat(ImageIO.read(run.resolve("predictions.png").toFile())).isNotNull();

        BufferedImage photo = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 120, 80);
        g.setColor(Color.DARK_GRAY);
        g.fillRect(30, 10, 60, 60);
        g.dispose();
        Path png = dir.resolve("item.png");
        ImageIO.write(photo, "png", png.toFile());
        CommandRunner.Result one = CommandRunner.run("predict", run.toString(), png.toString());
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out().strip()).matches(".*item\\.png: [a-z -]+ \\(\\d+\\.\\d%\\)");

        CommandRunner.Result bad =
                CommandRunner.run("predict", run.toString(), dir.resolve("missing.jpg").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("missing.jpg does not exist");
    }

    @Test
    void exportThenImportGivesTheSameNetwork() throws IOException {
        Path run = trainedRun();
        Path npz = dir.resolve("weights.npz");
        CommandRunner.Result export =
                CommandRunner.run("export", run.toString(), "--npz", npz.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).contains("(0.0.weight ... 3.4.bias)");

        Path imported = dir.resolve("imported");
        CommandRunner.Result in =
                CommandRunner.run(args("import", npz.toString(), "--out", imported.toString()));
        assertThat(in.exitCode()).as(in.err()).isZero();

        String original = accuracyLine(run);
        assertThat(accuracyLine(imported)).isEqualTo(original);
    }

    private static String accuracyLine(Path runDir) {
        CommandRunner.Result r =
                CommandRunner.run(
                        "evaluate",
                        runDir.toString(),
                        "--data",
                        data.toString(),
                        "--out",
                        dir.resolve("cm.png").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.out().lines().filter(l -> l.startsWith("test loss")).findFirst().orElseThrow();
    }

    @Test
    void badInputIsOneLineWithExitCodeTwo() {
        CommandRunner.Result lr =
                CommandRunner.run("train", "--lr", "0", "--data", data.toString());
        assertThat(lr.exitCode()).isEqualTo(2);
        assertThat(lr.err().strip())
                .isEqualTo("nin: --lr must be a positive number, got 0.0; the seed uses 0.1");

        CommandRunner.Result small =
                CommandRunner.run("train", "--resize", "28", "--data", data.toString());
        assertThat(small.exitCode()).isEqualTo(2);
        assertThat(small.err())
                .contains("--resize 28 is too small")
                .contains("smallest it accepts is 67");

        CommandRunner.Result missing =
                CommandRunner.run("evaluate", dir.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist").doesNotContain("\tat ");

        CommandRunner.Result plateau =
                CommandRunner.run("train", "--on-plateau", "sometimes", "--data", data.toString());
        assertThat(plateau.exitCode()).isEqualTo(2);
        assertThat(plateau.err().strip())
                .isEqualTo("nin: --on-plateau must be warn, restart or stop, got 'sometimes'");
        // Any case is accepted: this one fails on the size, after --on-plateau was read.
        CommandRunner.Result anyCase =
                CommandRunner.run(
                        "train",
                        "--on-plateau",
                        "Warn",
                        "--resize",
                        "28",
                        "--data",
                        data.toString());
        assertThat(anyCase.exitCode()).isEqualTo(2);
        assertThat(anyCase.err()).contains("--resize 28 is too small");
    }

    /** Each epoch's training loss from a run's history.csv. */
    private static List<Double> trainLosses(Path runDir) throws IOException {
        List<String> lines = Files.readAllLines(runDir.resolve("history.csv"));
        int column = List.of(lines.get(0).split(",")).indexOf("trainLoss");
        List<Double> losses = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            losses.add(Double.parseDouble(line.split(",")[column]));
        }
        return losses;
    }

    @Test
    void bf16TrainsAlongsideFloat32FromTheSameSeedAndRecordsItsPrecision() throws IOException {
        List<List<Double>> losses = new ArrayList<>();
        // The shared run is the float32 one: the same command, whose --precision is fp32 by
        // default.
        losses.add(trainLosses(trainedRun()));
        for (String precision : List.of("bf16")) {
            Path out = dir.resolve("precision-" + precision);
            CommandRunner.Result r =
                    CommandRunner.run(
                            args(
                                    "train",
                                    "--data",
                                    data.toString(),
                                    "--epochs",
                                    "2",
                                    "--batch-size",
                                    "64",
                                    "--on-plateau",
                                    "warn",
                                    "--precision",
                                    precision,
                                    "--out",
                                    out.toString()));
            assertThat(r.exitCode()).as(r.err()).isZero();
            losses.add(trainLosses(out));
            JsonNode check =
                    new ObjectMapper()
                            .readTree(out.resolve("manifest.json").toFile())
                            .path("engineCheck");
            assertThat(check.path("precision").asText()).isEqualTo(precision.toUpperCase());
        }
        // The same initialisation and batches; not the same dropout masks, which are drawn on
        // arrays of another type and, where float32 runs NCHW, in another memory order. Sixteen
        // steps at lr 0.1 leave this network's loss within 0.3% of ln 10 (2.2994 and 2.2980 in
        // both precisions on Zen 5), so the two stay within 2% of each other whatever masks each
        // one drew; a bf16 network that does not train, or trains on wrong gradients, does not.
        for (int epoch = 0; epoch < 2; epoch++) {
            assertThat(losses.get(1).get(epoch))
                    .as("epoch %d loss, bf16 against float32 %s", epoch + 1, losses.get(0))
                    .isCloseTo(losses.get(0).get(epoch), withinPercentage(2));
        }
    }

    @Test
    void aFloat32RunEvaluatesInBf16WithTheSameAccuracy() {
        Path out = trainedRun();
        List<String> accuracies = new ArrayList<>();
        for (String precision : List.of("fp32", "bf16")) {
            CommandRunner.Result r =
                    CommandRunner.run(
                            "evaluate",
                            out.toString(),
                            "--data",
                            data.toString(),
                            "--precision",
                            precision);
            assertThat(r.exitCode()).as(r.err()).isZero();
            accuracies.add(
                    r.out()
                            .lines()
                            .filter(l -> l.startsWith("test loss"))
                            .findFirst()
                            .orElseThrow());
        }
        // 128 test images: one of them may fall on the other side of a near-tie in bf16.
        double fp32 =
                Double.parseDouble(accuracies.get(0).replaceAll(".*test acc (\\S+) .*", "$1"));
        double bf16 =
                Double.parseDouble(accuracies.get(1).replaceAll(".*test acc (\\S+) .*", "$1"));
        assertThat(bf16).as(accuracies.toString()).isCloseTo(fp32, within(1.5 / 128));
    }
}
