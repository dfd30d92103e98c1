package io.github.nin4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nin4j.data.FashionMnist;
import io.github.nin4j.data.LearnableImages;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.TestArchitectures;
import io.github.nin4j.train.listener.CheckpointWriter;
import io.github.nin4j.train.listener.ManifestWriter;
import io.github.nin4j.train.listener.RunListeners;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed at any moment can be resumed, and the resumed run's history and final parameters are
 * an uninterrupted run's (issue 19, item 4).
 *
 * <p>The kill is an {@link Error} thrown by a listener at the chosen point: like {@code kill -9} it
 * stops the run there, with no listener told of an end, so the run directory holds exactly what was
 * written before that point (every file is written atomically, so a kill inside a write leaves the
 * file as before or after it). A kill inside {@link RunDirectory#saveEpoch}, between the history
 * and the checkpoint, is made by putting the previous checkpoint back after the write.
 *
 * <p>Every run here restarts once: seed 7 is condemned after its first epoch (as the plateau watch
 * does, a {@link RunEvent.Diagnosed} with action restart, then {@link RunControl#restart()}), and
 * seed 7 + {@link TrainingLoop#RESTART_SEED_STEP} trains two epochs.
 */
class KillPointsTest {

    /** Two NiN blocks on 28 × 28 images: a run of three epochs takes a second or two. */
    private static final NinArchitecture SMALL = TestArchitectures.SMALL;

    private static final FashionMnist DATA = LearnableImages.data(256, 128);

    /** Two batches an epoch. */
    private static final TrainingConfig CONFIG =
            new TrainingConfig(SMALL, 2, 0.1, 64, 28, 128, 7, OnPlateau.WARN);

    private static final int FIRST = 7;
    private static final int SECOND = FIRST + TrainingLoop.RESTART_SEED_STEP;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The fields of history.json that time the run, which differ between any two runs. */
    private static final List<String> TIMING_FIELDS =
            List.of("examplesPerSecond", "trainSeconds", "evalSeconds");

    @TempDir static Path shared;

    private static Path reference;

    @TempDir Path dir;

    /** What {@code kill -9} leaves: nothing after this point runs. */
    private static final class Killed extends Error {
        private static final long serialVersionUID = 1L;

        Killed() {
            super("killed", null, false, false);
        }
    }

    /** Condemns seed 7 after its first epoch, as the plateau watch condemns a stuck seed. */
    private static final RunListener RESTART_FIRST_SEED =
            new RunListener() {
                @Override
                public void onEpoch(EpochResult result, RunControl control) {
                    if (result.seed() == FIRST && result.metrics().epoch() == 1) {
                        control.publish(
                                new RunEvent.Diagnosed(
                                        FIRST,
                                        PlateauDetector.Diagnosis.Kind.CLASSES_NEVER_PREDICTED,
                                        OnPlateau.RESTART,
                                        "condemned by the test"));
                        control.restart();
                    }
                }
            };

    private static final RunListener NONE = new RunListener() {};

    /**
     * The standard listeners with the test's restart, and listeners placed around the writers: the
     * first before everything, the next right after the manifest writer, the next right before the
     * checkpoint writer, the last right after it.
     */
    private static List<RunListener> listeners(
            RunDirectory run,
            RunListener first,
            RunListener afterManifest,
            RunListener beforeCheckpoint,
            RunListener afterCheckpoint) {
        List<RunListener> all = new ArrayList<>();
        all.add(first);
        for (RunListener standard : RunListeners.standard(run)) {
            if (standard instanceof CheckpointWriter) {
                all.add(beforeCheckpoint);
                all.add(standard);
                all.add(afterCheckpoint);
            } else if (standard instanceof ManifestWriter) {
                all.add(standard);
                all.add(afterManifest);
                all.add(RESTART_FIRST_SEED);
            } else {
                all.add(standard);
            }
        }
        return all;
    }

    private static TrainingResult train(RunDirectory run, boolean resume, List<RunListener> all) {
        return TrainingLoop.builder()
                .setConfig(CONFIG)
                .setData(DATA)
                .setRunDirectory(run)
                .optResume(resume)
                .addListeners(all)
                .build()
                .run();
    }

    @BeforeAll
    static void uninterrupted() {
        reference = shared.resolve("uninterrupted");
        RunDirectory run = RunDirectory.create(reference);
        TrainingResult result = train(run, false, listeners(run, NONE, NONE, NONE, NONE));
        assertThat(result.status()).isEqualTo(TrainingStatus.COMPLETED);
        assertThat(run.readManifest().seeds()).containsExactly(FIRST, SECOND);
        assertThat(run.readCheckpoint().seed()).isEqualTo(SECOND);
    }

    /** Trains until the killer strikes; the killer must strike. */
    private RunDirectory killed(
            RunListener first,
            RunListener afterManifest,
            RunListener beforeCheckpoint,
            RunListener afterCheckpoint) {
        RunDirectory run = RunDirectory.create(dir.resolve("killed"));
        assertThatThrownBy(
                        () ->
                                train(
                                        run,
                                        false,
                                        listeners(
                                                run,
                                                first,
                                                afterManifest,
                                                beforeCheckpoint,
                                                afterCheckpoint)))
                .isInstanceOf(Killed.class);
        return run;
    }

    /** Resumes as {@code nin train --resume} does, and checks it ends as the uninterrupted run. */
    private void resumesToTheUninterruptedRun(RunDirectory killed) throws IOException {
        RunDirectory run = RunDirectory.openToResume(killed.root());
        TrainingResult result = train(run, true, listeners(run, NONE, NONE, NONE, NONE));
        assertThat(result.status()).isEqualTo(TrainingStatus.COMPLETED);
        assertThat(withoutTimes(run.file("history.json")))
                .isEqualTo(withoutTimes(reference.resolve("history.json")));
        assertThat(Files.readAllBytes(run.file("params/nin-0002.params")))
                .isEqualTo(Files.readAllBytes(reference.resolve("params/nin-0002.params")));
        try (var files = Files.list(run.file("params"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactly("nin-0002.params");
        }
        Manifest manifest = run.readManifest();
        assertThat(manifest.status()).isEqualTo("completed");
        assertThat(manifest.seeds()).containsExactly(FIRST, SECOND);
        assertThat(run.readCheckpoint().seed()).isEqualTo(SECOND);
    }

    /** history.json without the fields that time the run. */
    private static ObjectNode withoutTimes(Path history) throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(history.toFile());
        node.withArray("epochs").forEach(e -> ((ObjectNode) e).remove(TIMING_FIELDS));
        return node;
    }

    private static RunListener killAtBatch(int seed, int epoch, int batch) {
        return new RunListener() {
            @Override
            public void onBatch(BatchProgress progress, RunControl control) {
                if (progress.seed() == seed
                        && progress.epoch() == epoch
                        && progress.batch() == batch) {
                    throw new Killed();
                }
            }
        };
    }

    @Test
    void killedBeforeItsFirstCheckpointResumesFromItsStart() throws IOException {
        RunDirectory run = killed(killAtBatch(FIRST, 1, 1), NONE, NONE, NONE);
        assertThat(run.hasCompletedEpoch()).isFalse();
        assertThat(run.readManifest().status()).isEqualTo("running");
        assertThatThrownBy(() -> RunDirectory.open(run.root()))
                .hasMessageContaining("has completed no epoch yet")
                .hasMessageContaining("resume the run");

        resumesToTheUninterruptedRun(run);
    }

    @Test
    void killedAfterARestartBeforeTheNewSeedsFirstCheckpointResumesThatSeedFromItsStart()
            throws IOException {
        RunDirectory run = killed(killAtBatch(SECOND, 1, 2), NONE, NONE, NONE);
        assertThat(run.readManifest().seeds()).containsExactly(FIRST, SECOND);
        assertThat(run.hasCompletedEpoch()).isFalse();

        resumesToTheUninterruptedRun(run);
    }

    @Test
    void killedBetweenRecordingARestartAndRemovingTheOldSeedsEpochsStartsTheNewSeed()
            throws IOException {
        RunListener atRestart =
                new RunListener() {
                    @Override
                    public void onEvent(RunEvent event) {
                        if (event instanceof RunEvent.Restarted) {
                            throw new Killed();
                        }
                    }
                };
        RunDirectory run = killed(NONE, atRestart, NONE, NONE);
        // The manifest names the new seed; the checkpoint is still the old seed's.
        assertThat(run.readManifest().currentSeed()).isEqualTo(SECOND);
        assertThat(run.readCheckpoint().seed()).isEqualTo(FIRST);
        assertThat(run.resumePoint(SECOND).fromCheckpoint()).isFalse();

        resumesToTheUninterruptedRun(run);
    }

    @Test
    void killedBetweenTheCheckpointAndTheRestartsManifestRestartsOnResume() throws IOException {
        RunListener afterFirstSeedsCheckpoint =
                new RunListener() {
                    @Override
                    public void onEpoch(EpochResult result, RunControl control) {
                        if (result.seed() == FIRST) {
                            throw new Killed();
                        }
                    }
                };
        RunDirectory run = killed(NONE, NONE, NONE, afterFirstSeedsCheckpoint);
        // The restart was decided and the stuck epoch saved, but the restart is not recorded.
        assertThat(run.readManifest().seeds()).containsExactly(FIRST);
        assertThat(run.readManifest().restartPending()).isTrue();
        assertThat(run.readCheckpoint().completedEpochs()).isEqualTo(1);

        resumesToTheUninterruptedRun(run);
    }

    @Test
    void killedInsideTheLastEpochsSaveTrainsThatEpochAgain() throws IOException {
        // Parameters and history of the last epoch written, its checkpoint not: the previous
        // checkpoint and its parameters are put back after the save, then the run is killed.
        byte[][] previous = new byte[2][];
        String[] previousParams = new String[1];
        RunDirectory[] holder = new RunDirectory[1];
        RunListener remember =
                new RunListener() {
                    @Override
                    public void onRunStart(RunStart start) {
                        holder[0] = start.run();
                    }

                    @Override
                    public void onEpoch(EpochResult result, RunControl control) {
                        if (result.seed() == SECOND && result.metrics().epoch() == 2) {
                            RunDirectory run = holder[0];
                            previousParams[0] = run.readCheckpoint().parameters();
                            previous[0] = read(run.file("checkpoint.json"));
                            previous[1] = read(run.file(previousParams[0]));
                        }
                    }
                };
        RunListener putBackAndKill =
                new RunListener() {
                    @Override
                    public void onEpoch(EpochResult result, RunControl control) {
                        if (result.seed() == SECOND && result.metrics().epoch() == 2) {
                            RunDirectory run = holder[0];
                            write(run.file(previousParams[0]), previous[1]);
                            write(run.file("checkpoint.json"), previous[0]);
                            throw new Killed();
                        }
                    }
                };
        RunDirectory run = killed(NONE, NONE, remember, putBackAndKill);
        assertThat(run.readHistory().completedEpochs()).isEqualTo(2);
        assertThat(run.readCheckpoint().completedEpochs()).isEqualTo(1);
        assertThat(run.resumePoint(SECOND).completedEpochs()).isEqualTo(1);

        resumesToTheUninterruptedRun(run);
    }

    @Test
    void killedBeforeTheFinalManifestIsWrittenResumesToRecordTheEnd() throws IOException {
        RunListener atEnd =
                new RunListener() {
                    @Override
                    public void onRunEnd(TrainingResult result) {
                        throw new Killed();
                    }
                };
        RunDirectory run = killed(atEnd, NONE, NONE, NONE);
        assertThat(run.readManifest().status()).isEqualTo("running");
        assertThat(run.readCheckpoint().completedEpochs()).isEqualTo(2);

        resumesToTheUninterruptedRun(run);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
