package io.github.nin4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.compute.ComputePlan;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinNetwork;
import io.github.nin4j.model.TestArchitectures;
import io.github.nin4j.precision.Precision;
import io.github.nin4j.train.Manifest;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.RunEvent;
import io.github.nin4j.train.TrainedModel;
import io.github.nin4j.train.TrainingConfig;
import io.github.nin4j.train.TrainingHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchImportTest {

    private static final NinArchitecture SMALL = TestArchitectures.SMALL;

    @TempDir Path dir;

    private Path exported() {
        Path npz = dir.resolve("weights.npz");
        try (NDManager manager = NDManager.newBaseManager()) {
            NinNetwork network = SMALL.newNetwork();
            network.initialize(manager, new Shape(1, 1, 28, 28));
            NpzFile.of(npz).write(TorchStateDict.of(SMALL).toStateDict(network));
        }
        return npz;
    }

    @Test
    void theRunRecordsWhatWasImportedAndWhichSettingsWereChosenAtImport() throws Exception {
        Path npz = exported();
        Path runDir = dir.resolve("imported");
        int arrays;
        String sha256;
        try (TorchImport weights = TorchImport.read(npz)) {
            assertThat(weights.inputChannels()).isEqualTo(1);
            weights.into(runDir, SMALL, 28);
            arrays = weights.arrays();
            sha256 = weights.sha256();
        }

        assertThat(arrays).isEqualTo(TorchStateDict.of(SMALL).shapes().size());
        assertThat(sha256).hasSize(64);
        Manifest manifest = RunDirectory.open(runDir).readManifest();
        assertThat(manifest.status()).isEqualTo("imported");
        assertThat(manifest.config().architecture()).isEqualTo(SMALL);
        assertThat(manifest.config().resize()).isEqualTo(28);
        RunEvent.Imported event = (RunEvent.Imported) manifest.events().get(0);
        assertThat(event.file()).isEqualTo(npz.toAbsolutePath().toString());
        assertThat(event.sha256()).isEqualTo(sha256);
        assertThat(event.arrays()).isEqualTo(arrays);
        assertThat(event.defaultsAtImport())
                .containsExactly(
                        TrainingConfig.EPOCHS,
                        TrainingConfig.LEARNING_RATE,
                        TrainingConfig.BATCH_SIZE,
                        TrainingConfig.LIMIT,
                        TrainingConfig.SEED,
                        TrainingConfig.ON_PLATEAU);
        assertThat(event.describe()).contains("chosen at import, not imported: epochs");
        assertThat(Files.readString(runDir.resolve("manifest.json")))
                .contains("\"defaultsAtImport\"");
        try (TrainedModel model = TrainedModel.load(RunDirectory.open(runDir), Device.cpu())) {
            assertThat(model.config().architecture()).isEqualTo(SMALL);
        }
    }

    @Test
    void weightsOfAnotherNetworkAreRefusedBeforeTheDirectoryIsMade() {
        Path npz = exported();
        NinArchitecture other =
                NinArchitecture.builder()
                        .optBlocks(List.of(new BlockSpec(8, 5, 1, 2), new BlockSpec(10, 3, 1, 1)))
                        .build();
        try (TorchImport weights = TorchImport.read(npz)) {
            assertThatThrownBy(() -> weights.into(dir.resolve("wrong"), other, 28))
                    .isInstanceOf(InvalidInputException.class);
        }
        assertThat(dir.resolve("wrong")).doesNotExist();
        assertThatThrownBy(() -> TorchImport.read(dir.resolve("missing.npz")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("missing.npz");
    }

    /** The small network's exported weights, with every value of {@code key} set to {@code v}. */
    private Path exportedWith(String key, float v) {
        Path npz = dir.resolve("bad.npz");
        try (NDManager manager = NDManager.newBaseManager()) {
            NinNetwork network = SMALL.newNetwork();
            network.initialize(manager, new Shape(1, 1, 28, 28));
            Map<String, NDArray> dict = TorchStateDict.of(SMALL).toStateDict(network);
            dict.get(key).set(new NDIndex("..."), v);
            NpzFile.of(npz).write(dict);
        }
        return npz;
    }

    @Test
    void nonFiniteWeightsAreRefusedBeforeTheDirectoryIsMade() {
        Path npz = exportedWith("0.0.weight", Float.NaN);
        try (TorchImport weights = TorchImport.read(npz)) {
            assertThatThrownBy(() -> weights.into(dir.resolve("nan"), SMALL, 28))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage(
                            "weights "
                                    + npz
                                    + " holds weights that are not finite: 0.0.weight has 400 NaN"
                                    + " and 0 infinite values of its 400; export them from a"
                                    + " network that trained without diverging");
        }
        assertThat(dir.resolve("nan")).doesNotExist();
        Path infinite = exportedWith("0.4.bias", Float.POSITIVE_INFINITY);
        try (TorchImport weights = TorchImport.read(infinite)) {
            assertThatThrownBy(() -> weights.into(dir.resolve("inf"), SMALL, 28))
                    .hasMessageContaining("0.4.bias has 0 NaN and 16 infinite values of its 16");
        }
        assertThat(dir.resolve("inf")).doesNotExist();
    }

    @Test
    void aCheckpointWithNonFiniteWeightsIsRefusedWhenLoaded() {
        Path runDir = dir.resolve("run");
        try (TorchImport weights = TorchImport.read(exported())) {
            weights.into(runDir, SMALL, 28);
        }
        RunDirectory run = RunDirectory.open(runDir);
        ComputePlan plan =
                ComputePlan.unchecked(Device.cpu(), ConvolutionLayout.NCHW, Precision.FP32);
        // What a diverged run checkpoints: the same file format, with NaN in it.
        try (TrainedModel model = TrainedModel.load(run, plan)) {
            NDArray weight = model.network().torchParameters().get(2).parameter().getArray();
            weight.set(new NDIndex("0, 0"), Float.NaN);
            run.saveEpoch(model.nin().model(), TrainingHistory.empty());
        }
        String file = run.root().resolve(run.readCheckpoint().parameters()).toString();
        assertThatThrownBy(() -> TrainedModel.load(run, plan))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "checkpoint "
                                + file
                                + " holds weights that are not finite: 0.2.weight has 1 NaN and 0"
                                + " infinite values of its 256; the run diverged (see its"
                                + " manifest.json) or the file was altered; train again, e.g."
                                + " with a smaller --lr or --on-plateau restart");
    }
}
