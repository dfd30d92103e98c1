package io.github.nin4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nin4j.base.Checksums;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.compute.ComputeChoice;
import io.github.nin4j.data.FashionMnist;
import io.github.nin4j.data.LearnableImages;
import io.github.nin4j.engine.EngineFaultException;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.TestArchitectures;
import io.github.nin4j.precision.Precision;
import io.github.nin4j.precision.PrecisionChoice;
import io.github.nin4j.train.listener.RunListeners;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run interrupted inside an epoch saves the epoch so far at the batch where it stops ({@link
 * BatchCheckpoint}), and its resume continues from that batch and ends as the uninterrupted run:
 * the same parameter file, byte for byte, and the same history in every field but the timings. The
 * network has dropout (0.5 before its last block), so the resumed epoch's masks must be the ones
 * the uninterrupted epoch drew; the epoch's last batch is smaller than the others.
 */
class BatchCheckpointTest {

    /** Two NiN blocks on 28 × 28 images, dropout 0.5 before the last. */
    private static final NinArchitecture SMALL = TestArchitectures.SMALL;

    /** Seven batches an epoch, the last of 8 images. */
    private static final FashionMnist DATA = LearnableImages.data(200, 64);

    private static final int SEED = 7;

    private static final TrainingConfig CONFIG =
            new TrainingConfig(SMALL, 2, 0.1, 32, 28, 0, SEED, OnPlateau.WARN);

    private static final String FINAL_PARAMETERS = "params/nin-0002.params";

    /** The fields of history.json that time the run, which differ between any two runs. */
    private static final List<String> TIMING_FIELDS =
            List.of("examplesPerSecond", "trainSeconds", "evalSeconds");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The uninterrupted runs, by precision, trained once. */
    private static final Map<PrecisionChoice, Path> REFERENCES = new ConcurrentHashMap<>();

    @TempDir static Path shared;

    @TempDir Path dir;

    /** Interrupts the run after the given batch of the given epoch, as Ctrl-C or SIGTERM does. */
    private static RunListener interruptAfter(int epoch, int batch) {
        return new RunListener() {
            @Override
            public void onBatch(BatchProgress progress, RunControl control) {
                if (progress.epoch() == epoch && progress.batch() == batch) {
                    control.interrupt();
                }
            }
        };
    }

    private static TrainingResult train(
            RunDirectory run, boolean resume, PrecisionChoice precision, RunListener... more) {
        return TrainingLoop.builder()
                .setConfig(CONFIG)
                .setData(DATA)
                .setRunDirectory(run)
                .optCompute(ComputeChoice.defaults().withPrecision(precision))
                .optResume(resume)
                .addListeners(RunListeners.standard(run))
                .addListeners(more)
                .build()
                .run();
    }

    private static TrainingResult resume(
            Path root, PrecisionChoice precision, RunListener... more) {
        return train(RunDirectory.openToResume(root), true, precision, more);
    }

    /** The uninterrupted run in a precision; the test is skipped where the engine refuses it. */
    private static Path reference(PrecisionChoice precision) {
        return REFERENCES.computeIfAbsent(
                precision,
                p -> {
                    Path root = shared.resolve("uninterrupted-" + p);
                    try {
                        TrainingResult result = train(RunDirectory.create(root), false, p);
                        assertThat(result.status()).isEqualTo(TrainingStatus.COMPLETED);
                    } catch (EngineFaultException e) {
                        Assumptions.abort(p + " refused on this machine: " + e.getMessage());
                    }
                    return root;
                });
    }

    /** Ends as the uninterrupted run: parameters byte for byte, history but for its timings. */
    private static void assertEndsAsUninterrupted(Path root, PrecisionChoice precision)
            throws IOException {
        Path reference = reference(precision);
        // Compared by SHA-256, so that a difference reads as two lines, not two arrays.
        assertThat(Checksums.sha256(Files.readAllBytes(root.resolve(FINAL_PARAMETERS))))
                .isEqualTo(
                        Checksums.sha256(Files.readAllBytes(reference.resolve(FINAL_PARAMETERS))));
        assertThat(withoutTimes(root.resolve("history.json")))
                .isEqualTo(withoutTimes(reference.resolve("history.json")));
        // Nothing of the partial checkpoints is left.
        assertThat(files(root.resolve("params"))).containsExactly("nin-0002.params");
        assertThat(root.resolve(BatchCheckpoint.FILE)).doesNotExist();
        assertThat(files(root)).noneMatch(name -> name.endsWith(".part"));
        RunDirectory run = RunDirectory.openToResume(root);
        assertThat(run.readManifest().status()).isEqualTo("completed");
    }

    private static ObjectNode withoutTimes(Path history) throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(history.toFile());
        node.withArray("epochs").forEach(e -> ((ObjectNode) e).remove(TIMING_FIELDS));
        return node;
    }

    private static List<String> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<RunEvent.Resumed> resumes(RunDirectory run) {
        List<RunEvent.Resumed> resumes = new ArrayList<>();
        for (RunEvent event : run.readManifest().events()) {
            if (event instanceof RunEvent.Resumed resumed) {
                resumes.add(resumed);
            }
        }
        return resumes;
    }

    @Test
    void anEpochInterruptedAfterABatchResumesThereAndEndsAsAnUninterruptedRun() throws IOException {
        Path root = dir.resolve("run");
        RunDirectory run = RunDirectory.create(root);
        TrainingResult interrupted = train(run, false, PrecisionChoice.FP32, interruptAfter(2, 3));

        assertThat(interrupted.status()).isEqualTo(TrainingStatus.INTERRUPTED);
        PartialEpoch progress = interrupted.interrupted();
        assertThat(progress.seed()).isEqualTo(SEED);
        assertThat(progress.epoch()).isEqualTo(2);
        assertThat(progress.batch()).isEqualTo(3);
        assertThat(progress.examples()).isEqualTo(3 * 32);
        // d2l's points come every 7 / 5 = 1 batch: the epoch's first three.
        assertThat(progress.points()).hasSize(3);
        assertThat(files(root.resolve("params")))
                .containsExactly("nin-0001.params", "partial-000003-0002.params");
        assertThat(run.readManifest().status()).isEqualTo("interrupted");

        // The resume continues after epoch 1's third batch; the epochs it completed stay one.
        RunDirectory.ResumePoint point = run.resumePoint(SEED);
        assertThat(point.completedEpochs()).isEqualTo(1);
        assertThat(point.partial().progress()).isEqualTo(progress);
        ResumePolicy.Resumption decided =
                ResumePolicy.library()
                        .decide(root, CONFIG, TrainingConfig.SETTINGS, PrecisionChoice.FP32);
        assertThat(decided.state()).isEqualTo(ResumePolicy.State.RESUME);
        assertThat(decided.completedEpochs()).isEqualTo(1);

        TrainingResult resumed = resume(root, PrecisionChoice.FP32);
        assertThat(resumed.status()).isEqualTo(TrainingStatus.COMPLETED);
        assertThat(resumed.interrupted()).isNull();
        assertEndsAsUninterrupted(root, PrecisionChoice.FP32);
        assertThat(resumes(run))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.afterEpoch()).isEqualTo(1);
                            assertThat(r.batch()).isEqualTo(3);
                            assertThat(r.describe()).contains("in epoch 2 after batch 3");
                        });
    }

    /**
     * In bf16 the dropout is part of one TorchScript operation, which draws its masks on bfloat16
     * activations. Interrupted in its first epoch, before any epoch was saved, the run also keeps
     * its precision: what it computed is in the partial checkpoint.
     */
    @Test
    void aBf16EpochInterruptedAfterABatchResumesThereAndEndsAsAnUninterruptedRun()
            throws IOException {
        reference(PrecisionChoice.BF16);
        Path root = dir.resolve("bf16");
        RunDirectory run = RunDirectory.create(root);
        TrainingResult interrupted = train(run, false, PrecisionChoice.BF16, interruptAfter(1, 5));
        assertThat(interrupted.status()).isEqualTo(TrainingStatus.INTERRUPTED);
        assertThat(run.hasCompletedEpoch()).isFalse();
        assertThat(run.readManifest().precision()).contains(Precision.BF16);

        String manifest = Files.readString(root.resolve("manifest.json"));
        assertThatThrownBy(() -> resume(root, PrecisionChoice.FP32))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("precision (run has bf16)");
        assertThat(Files.readString(root.resolve("manifest.json"))).isEqualTo(manifest);

        assertThat(resume(root, PrecisionChoice.AUTO).status()).isEqualTo(TrainingStatus.COMPLETED);
        assertEndsAsUninterrupted(root, PrecisionChoice.BF16);
        assertThat(resumes(run)).extracting(RunEvent.Resumed::batch).containsExactly(5);
    }

    /**
     * Interrupted three times in the first epoch, before any epoch was saved, the last time after
     * its last batch (before its test set was evaluated): each resume continues where the last
     * interruption stopped.
     */
    @Test
    void repeatedInterruptionsResumeWhereTheLastOneStopped() throws IOException {
        Path root = dir.resolve("repeated");
        RunDirectory run = RunDirectory.create(root);
        assertThat(train(run, false, PrecisionChoice.FP32, interruptAfter(1, 2)).status())
                .isEqualTo(TrainingStatus.INTERRUPTED);

        TrainingResult second = resume(root, PrecisionChoice.FP32, interruptAfter(1, 5));
        assertThat(second.status()).isEqualTo(TrainingStatus.INTERRUPTED);
        assertThat(second.interrupted().batch()).isEqualTo(5);
        // The second save replaced the first one's parameters.
        assertThat(files(root.resolve("params"))).containsExactly("partial-000005-0001.params");

        TrainingResult third = resume(root, PrecisionChoice.FP32, interruptAfter(1, 7));
        assertThat(third.status()).isEqualTo(TrainingStatus.INTERRUPTED);
        assertThat(third.interrupted().batch()).isEqualTo(7);
        assertThat(run.hasCompletedEpoch()).isFalse();

        assertThat(resume(root, PrecisionChoice.FP32).status()).isEqualTo(TrainingStatus.COMPLETED);
        assertEndsAsUninterrupted(root, PrecisionChoice.FP32);
        assertThat(resumes(run))
                .extracting(RunEvent.Resumed::afterEpoch, RunEvent.Resumed::batch)
                .containsExactly(Tuple.tuple(0, 2), Tuple.tuple(0, 5), Tuple.tuple(0, 7));
    }

    /**
     * A partial checkpoint of another seed, or of an epoch the run has completed since, is not
     * continued: the resume trains the epoch after the last completed one from its start, and
     * removes it.
     */
    @Test
    void aStalePartialCheckpointIsNotContinued() throws IOException {
        Path root = dir.resolve("stale");
        RunDirectory run = RunDirectory.create(root);
        train(run, false, PrecisionChoice.FP32, interruptAfter(2, 3));
        Path file = root.resolve(BatchCheckpoint.FILE);
        String saved = Files.readString(file);

        Files.writeString(file, saved.replace("\"seed\" : 7,", "\"seed\" : 8,"));
        assertThat(run.resumePoint(SEED).partial()).isNull();
        assertThat(run.resumePoint(8).completedEpochs()).isZero();

        Files.writeString(file, saved.replace("\"epoch\" : 2,", "\"epoch\" : 1,"));
        assertThat(run.resumePoint(SEED).partial()).isNull();
        assertThat(run.resumePoint(SEED).completedEpochs()).isEqualTo(1);
        assertThat(
                        ResumePolicy.library()
                                .decide(root, CONFIG, TrainingConfig.SETTINGS, PrecisionChoice.FP32)
                                .completedEpochs())
                .isEqualTo(1);

        // The stale checkpoint is removed as the run starts, and epoch 2 trains from its start.
        RunListener noPartialAtStart =
                new RunListener() {
                    @Override
                    public void onEpochStart(int epoch, int batches) {
                        assertThat(file).doesNotExist();
                    }
                };
        assertThat(resume(root, PrecisionChoice.FP32, noPartialAtStart).status())
                .isEqualTo(TrainingStatus.COMPLETED);
        assertEndsAsUninterrupted(root, PrecisionChoice.FP32);
        assertThat(resumes(run)).singleElement().satisfies(r -> assertThat(r.batch()).isNull());
    }

    /**
     * Killed while saving a second partial checkpoint: its parameters written, {@code partial.json}
     * not yet replaced (its temporary file left behind, as {@code kill -9} leaves it). The run
     * resumes from the first partial checkpoint, whole, and ends as the uninterrupted run.
     */
    @Test
    void aRunKilledWhileSavingAPartialCheckpointResumesFromThePreviousOne() throws IOException {
        Path root = dir.resolve("killed");
        RunDirectory run = RunDirectory.create(root);
        train(run, false, PrecisionChoice.FP32, interruptAfter(2, 2));
        String firstParameters = "params/partial-000002-0002.params";
        byte[] firstJson = Files.readAllBytes(root.resolve(BatchCheckpoint.FILE));
        byte[] firstBytes = Files.readAllBytes(root.resolve(firstParameters));

        resume(root, PrecisionChoice.FP32, interruptAfter(2, 5));
        assertThat(root.resolve(firstParameters)).doesNotExist();
        // The kill: the first checkpoint's partial.json and parameters are still there (the
        // second save removes them only after its partial.json is written), and the second
        // partial.json is a temporary file.
        Files.write(root.resolve(firstParameters), firstBytes);
        Files.write(root.resolve("." + BatchCheckpoint.FILE + ".123.part"), new byte[] {'{'});
        Path folder =
                Files.createDirectories(root.resolve("params/.partial-000005-0002.params.456"));
        Files.write(folder.resolve("partial-000005-0002.params"), new byte[7]);
        Files.write(root.resolve(BatchCheckpoint.FILE), firstJson);

        assertThat(run.resumePoint(SEED).partial().progress().batch()).isEqualTo(2);
        assertThat(resume(root, PrecisionChoice.FP32).status()).isEqualTo(TrainingStatus.COMPLETED);
        assertEndsAsUninterrupted(root, PrecisionChoice.FP32);
        assertThat(resumes(run)).extracting(RunEvent.Resumed::batch).containsExactly(2, 2);
    }

    @Test
    void aDamagedPartialCheckpointIsAClearError() throws IOException {
        Path root = dir.resolve("damaged");
        RunDirectory run = RunDirectory.create(root);
        train(run, false, PrecisionChoice.FP32, interruptAfter(1, 4));
        Path file = root.resolve(BatchCheckpoint.FILE);
        String saved = Files.readString(file);

        Files.writeString(file, saved.replace("\"correct\" : ", "\"correct\" : 1000"));
        assertThatThrownBy(() -> run.resumePoint(SEED))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("partial.json cannot be read (its counts are impossible")
                .hasMessageContaining(
                        "delete it to resume from the start of the interrupted epoch");

        Files.writeString(file, saved.replace("params/partial-", "../partial-"));
        assertThatThrownBy(() -> run.resumePoint(SEED))
                .hasMessageContaining("parameters must name a partial file in params/");

        Files.writeString(file, saved.replace("\"examples\" : 128,", "\"examples\" : 100,"));
        assertThatThrownBy(() -> resume(root, PrecisionChoice.FP32))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("partial.json holds 100 examples in 4 batches");

        Files.writeString(file, saved);
        Path parameters = root.resolve("params/partial-000004-0001.params");
        byte[] bytes = Files.readAllBytes(parameters);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(parameters, bytes);
        assertThatThrownBy(() -> resume(root, PrecisionChoice.FP32))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("partial-000004-0001.params is damaged");
    }
}
