package io.github.nin4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.TestArchitectures;
import io.github.nin4j.precision.PrecisionChoice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decisions of the one resume policy on run directories written by hand; the trained cases
 * (completed runs, precisions) are in {@code TrainingLoopTest}, {@code ExperimentTest} and the
 * command tests.
 */
class ResumePolicyTest {

    private static final NinArchitecture SMALL = TestArchitectures.SMALL;

    @TempDir Path dir;

    private static TrainingConfig config(int epochs, double lr, int seed) {
        return new TrainingConfig(SMALL, epochs, lr, 64, 28, 0, seed, OnPlateau.WARN);
    }

    private Path startedRun(TrainingConfig config) {
        Path root = dir.resolve("run");
        RunDirectory.create(root).writeManifest(Manifest.begin(config, Map.of(), "cpu()"));
        return root;
    }

    @Test
    void anEmptyDirectoryStartsANewRunWithTheAskedConfiguration() {
        TrainingConfig asked = config(3, 0.1, 7);
        var decided =
                ResumePolicy.library()
                        .decide(
                                dir.resolve("none"),
                                asked,
                                TrainingConfig.SETTINGS,
                                PrecisionChoice.BF16);

        assertThat(decided.state()).isEqualTo(ResumePolicy.State.NEW);
        assertThat(decided.config()).isEqualTo(asked);
        assertThat(decided.precision()).isEqualTo(PrecisionChoice.BF16);
        assertThat(decided.completedEpochs()).isZero();
        assertThat(dir.resolve("none")).doesNotExist();
    }

    @Test
    void aRunKilledBeforeItsFirstEpochResumesFromItsStartWithMoreEpochs() throws IOException {
        Path root = startedRun(config(2, 0.1, 7));
        byte[] before = Files.readAllBytes(root.resolve("manifest.json"));

        var decided =
                ResumePolicy.library()
                        .decide(
                                root,
                                config(5, 0.1, 7),
                                TrainingConfig.SETTINGS,
                                PrecisionChoice.FP32);

        assertThat(decided.state()).isEqualTo(ResumePolicy.State.RESUME);
        assertThat(decided.config()).isEqualTo(config(5, 0.1, 7));
        assertThat(decided.completedEpochs()).isZero();
        // Deciding writes nothing.
        assertThat(Files.readAllBytes(root.resolve("manifest.json"))).isEqualTo(before);
    }

    @Test
    void settingsNotFixedKeepTheRunsValues() {
        Path root = startedRun(config(2, 0.1, 7));

        var decided =
                ResumePolicy.library()
                        .decide(root, config(9, 0.5, 8), Set.of(), PrecisionChoice.FP32);

        assertThat(decided.config()).isEqualTo(config(2, 0.1, 7));
    }

    @Test
    void conflictsAreNamedInTheCallersWordsInOneLine() {
        Path root = startedRun(config(2, 0.1, 7));
        ResumePolicy policy =
                ResumePolicy.worded(
                        "run",
                        setting -> setting.equals(TrainingConfig.SEED) ? "--seed" : "--lr",
                        "drop those options");

        assertThatThrownBy(
                        () ->
                                policy.decide(
                                        root,
                                        config(2, 0.5, 8),
                                        Set.of(TrainingConfig.LEARNING_RATE, TrainingConfig.SEED),
                                        PrecisionChoice.FP32))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "cannot resume run "
                                + root
                                + " with a different configuration: --lr (run has 0.1), --seed"
                                + " (run has 7); drop those options");
    }

    @Test
    void aStartedRunIsNeitherDiscardedNorRecreatedWhenResumed() {
        Path root = startedRun(config(2, 0.1, 7));
        var decided =
                ResumePolicy.library()
                        .decide(root, config(2, 0.1, 7), Set.of(), PrecisionChoice.AUTO);

        RunDirectory run = decided.open();

        assertThat(run.root()).isEqualTo(root);
        assertThat(run.readManifest().config()).isEqualTo(config(2, 0.1, 7));
    }
}
