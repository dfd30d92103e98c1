package io.github.nin4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.nin4j.data.LargePng;
import io.github.nin4j.data.LearnableImages;
import io.github.nin4j.interop.NpzFile;
import io.github.nin4j.interop.TorchStateDict;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile inputs of issue 19, as a user gives them: each is one line of words and exit 2, and
 * none leaves a run directory behind.
 */
class HostileInputTest {

    /** A Java class name such as {@code java.nio.file.FileSystemLoopException}. */
    private static final Pattern CLASS_NAME =
            Pattern.compile("\\b[a-z]+(\\.[a-z]+)+\\.[A-Z]\\w*(Exception|Error)\\b");

    private static final String[] SMALL = {"--resize", "28", "--block", "16:5:1:2,10:3:1:1"};

    @TempDir static Path dir;
    private static Path data;
    private static Path bomb;

    @BeforeAll
    static void writeData() throws IOException {
        data = LearnableImages.writeTo(dir.resolve("data"), 128, 64);
        bomb = dir.resolve("bomb.png");
        LargePng.writeZeros(bomb, 40_000, 40_000);
    }

    /** The command, then the options. */
    private static String[] with(String[] options, String... command) {
        String[] all = new String[command.length + options.length];
        System.arraycopy(command, 0, all, 0, command.length);
        System.arraycopy(options, 0, all, command.length, options.length);
        return all;
    }

    /** One line on standard error, exit 2, and no Java class name. */
    private static String refused(CommandRunner.Result result) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        List<String> lines = result.err().strip().lines().toList();
        assertThat(lines).as(result.err()).hasSize(1);
        assertThat(CLASS_NAME.matcher(lines.get(0)).find()).as(lines.get(0)).isFalse();
        return lines.get(0);
    }

    /** A run whose seed diverged under --on-plateau warn: its checkpoint holds NaN. */
    private static Path divergedRun() {
        Path run = dir.resolve("diverged");
        if (!Files.exists(run.resolve("checkpoint.json"))) {
            CommandRunner.Result train =
                    CommandRunner.run(
                            with(
                                    SMALL,
                                    "train",
                                    "--data",
                                    data.toString(),
                                    "--epochs",
                                    "1",
                                    "--batch-size",
                                    "64",
                                    "--lr",
                                    "1e30",
                                    "--on-plateau",
                                    "warn",
                                    "--out",
                                    run.toString()));
            assertThat(train.exitCode()).as(train.err()).isZero();
            assertThat(train.out()).contains("diverged");
        }
        return run;
    }

    @Test
    void aDecompressionBombGivenToPredictIsOneLine() {
        String line =
                refused(CommandRunner.run("predict", divergedRun().toString(), bomb.toString()));
        assertThat(line)
                .isEqualTo(
                        "nin: image "
                                + bomb
                                + " is 40,000 × 40,000 pixels (1,600,000,000), more than the"
                                + " 178,956,970 this program decodes (Pillow's decompression-bomb"
                                + " limit); scale it down first");
    }

    @Test
    void aDecompressionBombInADataFolderIsOneLineAndNoRun() throws IOException {
        Path folder = dir.resolve("folder");
        for (String name : new String[] {"a/1.png", "a/2.png", "b/1.png", "b/2.png"}) {
            Files.createDirectories(folder.resolve(name).getParent());
            LargePng.write(folder.resolve(name), 8, 8, y -> 50 + y);
        }
        Files.copy(bomb, folder.resolve("b/bomb.png"));
        Path out = dir.resolve("bomb-run");
        String line =
                refused(
                        CommandRunner.run(
                                "train",
                                "--data-folder",
                                folder.toString(),
                                "--out",
                                out.toString()));
        assertThat(line)
                .startsWith("nin: image " + folder.resolve("b/bomb.png") + " is 40,000 × 40,000");
        assertThat(out).doesNotExist();
    }

    @Test
    void aDivergedCheckpointIsRefusedByEvaluateAndResume() {
        Path run = divergedRun();
        String evaluate = refused(CommandRunner.run("evaluate", run.toString()));
        assertThat(evaluate)
                .startsWith("nin: checkpoint " + run.resolve("params"))
                .contains(" holds weights that are not finite: 0.0.weight has ")
                .contains("the run diverged");
        String resume =
                refused(CommandRunner.run("train", "--resume", run.toString(), "--epochs", "2"));
        assertThat(resume).contains("holds weights that are not finite");
    }

    @Test
    void nonFiniteWeightsAreRefusedByImportWithNoRunLeft() {
        NinArchitecture small =
                NinArchitecture.builder()
                        .optBlocks(List.of(new BlockSpec(16, 5, 1, 2), new BlockSpec(10, 3, 1, 1)))
                        .build();
        Path npz = dir.resolve("nan.npz");
        try (NDManager manager = NDManager.newBaseManager()) {
            NinNetwork network = small.newNetwork();
            network.initialize(manager, new Shape(1, 1, 28, 28));
            Map<String, NDArray> dict = TorchStateDict.of(small).toStateDict(network);
            dict.get("0.0.weight").set(new NDIndex("..."), Float.NaN);
            NpzFile.of(npz).write(dict);
        }
        Path out = dir.resolve("nan-run");
        String line =
                refused(
                        CommandRunner.run(
                                "import",
                                npz.toString(),
                                "--out",
                                out.toString(),
                                "--resize",
                                "28",
                                "--block",
                                "16:5:1:2,10:3:1:1"));
        assertThat(line)
                .isEqualTo(
                        "nin: weights "
                                + npz
                                + " holds weights that are not finite: 0.0.weight has 400 NaN and 0"
                                + " infinite values of its 400; export them from a network that"
                                + " trained without diverging");
        assertThat(out).doesNotExist();
    }

    @Test
    void anOversizedResizeIsBoundedBeforeAnythingIsCreated() {
        Path out = dir.resolve("huge");
        String line =
                refused(
                        CommandRunner.run(
                                "train",
                                "--resize",
                                "100000",
                                "--data",
                                data.toString(),
                                "--out",
                                out.toString()));
        assertThat(line)
                .startsWith("nin: --resize 100000 at batch size 128 needs about ")
                .contains("an estimate")
                .containsPattern(
                        "at most \\d+ for this network at this batch size on this"
                                + " machine's memory");
        assertThat(out).doesNotExist();
    }

    @Test
    void aSymbolicLinkLoopIsWords() throws IOException {
        Path folder = dir.resolve("loop");
        for (String name : new String[] {"a/1.png", "b/1.png"}) {
            Files.createDirectories(folder.resolve(name).getParent());
            LargePng.write(folder.resolve(name), 8, 8, y -> 50);
        }
        Files.createSymbolicLink(folder.resolve("a/again"), folder.resolve("a"));
        Path out = dir.resolve("loop-run");
        String line =
                refused(
                        CommandRunner.run(
                                "train",
                                "--data-folder",
                                folder.toString(),
                                "--out",
                                out.toString()));
        assertThat(line).contains("symbolic-link loop").doesNotContain("Exception");
        assertThat(out).doesNotExist();
    }

    @Test
    void anOutThatIsAFileIsWords() throws IOException {
        Path file = Files.writeString(dir.resolve("taken.txt"), "mine");
        String line =
                refused(
                        CommandRunner.run(
                                with(
                                        SMALL,
                                        "train",
                                        "--data",
                                        data.toString(),
                                        "--out",
                                        file.toString())));
        assertThat(line)
                .isEqualTo(
                        "nin: run directory "
                                + file
                                + " is an existing file, not a directory; choose another path");
        assertThat(Files.readString(file)).isEqualTo("mine");
    }

    /** Bad inputs of every kind: whatever the line says, it carries no Java class name. */
    @Test
    void noRefusalCarriesAJavaClassName() throws IOException {
        Path text = Files.writeString(dir.resolve("text.png"), "not an image");
        Path notZip = Files.writeString(dir.resolve("text.npz"), "not a zip");
        Path file = dir.resolve("taken.txt");
        Files.writeString(file, "mine");
        List<String[]> inputs = new ArrayList<>();
        inputs.add(new String[] {"evaluate", dir.resolve("absent").toString()});
        inputs.add(new String[] {"evaluate", file.toString()});
        inputs.add(new String[] {"predict", dir.resolve("absent").toString(), text.toString()});
        inputs.add(
                new String[] {"import", notZip.toString(), "--out", dir.resolve("x").toString()});
        inputs.add(new String[] {"import", dir.resolve("absent.npz").toString(), "--out", "y"});
        inputs.add(new String[] {"train", "--data", file.toString(), "--out", "z"});
        inputs.add(new String[] {"train", "--data-folder", file.toString(), "--out", "z"});
        inputs.add(new String[] {"experiment", "--grid", notZip.toString(), "--out", "z"});
        inputs.add(new String[] {"export", file.toString(), "--npz", "w.npz"});
        for (String[] args : inputs) {
            CommandRunner.Result result = CommandRunner.run(args);
            assertThat(result.exitCode()).as(String.join(" ", args)).isNotZero();
            assertThat(CLASS_NAME.matcher(result.err()).find())
                    .as(String.join(" ", args) + ": " + result.err())
                    .isFalse();
        }
        assertThat(Path.of("z")).doesNotExist();
        assertThat(Path.of("y")).doesNotExist();
    }
}
