package io.github.nin4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.github.nin4j.base.Checksums;
import io.github.nin4j.compute.ComputeChoice;
import io.github.nin4j.compute.ComputePlan;
import io.github.nin4j.data.FashionMnist;
import io.github.nin4j.data.LearnableImages;
import io.github.nin4j.engine.LayoutChoice;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.TestArchitectures;
import io.github.nin4j.precision.Precision;
import io.github.nin4j.precision.PrecisionChoice;
import io.github.nin4j.train.listener.RunListeners;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint's file: DJL's name and format, and the older one still read; {@code
 * serving.properties}.
 */
class RunDirectoryTest {

    private static final NinArchitecture SMALL = TestArchitectures.SMALL;

    private static final FashionMnist DATA = LearnableImages.data(256, 64);

    @TempDir Path dir;

    private static TrainingConfig config(int epochs) {
        return new TrainingConfig(SMALL, epochs, 0.1, 64, 28, 128, 7, OnPlateau.WARN);
    }

    private static TrainingResult train(TrainingConfig config, RunDirectory run, boolean resume) {
        return TrainingLoop.builder()
                .setConfig(config)
                .setData(DATA)
                .setRunDirectory(run)
                .optResume(resume)
                .addListeners(RunListeners.standard(run))
                .build()
                .run();
    }

    /** The run's network, loaded the library's way. */
    private static TrainedModel loaded(RunDirectory run) {
        return TrainedModel.load(
                run, ComputePlan.unchecked(Device.cpu(), ConvolutionLayout.NCHW, Precision.FP32));
    }

    private static void assertSameParameters(Block actual, Block expected) {
        List<Parameter> a = actual.getParameters().values();
        List<Parameter> e = expected.getParameters().values();
        assertThat(a).hasSameSizeAs(e);
        for (int i = 0; i < a.size(); i++) {
            NDArray left = a.get(i).getArray();
            NDArray right = e.get(i).getArray();
            assertThat(left.getShape()).isEqualTo(right.getShape());
            assertThat(left.toFloatArray()).containsExactly(right.toFloatArray());
        }
    }

    @Test
    void djlsModelLoadFindsAndLoadsTheCheckpoint() throws IOException, MalformedModelException {
        RunDirectory run = RunDirectory.create(dir.resolve("run"));
        train(config(1), run, false);
        assertThat(run.readCheckpoint().parameters()).isEqualTo("params/nin-0001.params");

        try (TrainedModel library = loaded(run);
                Model model = Model.newInstance("nin", Device.cpu(), "PyTorch")) {
            model.setBlock(SMALL.newNetwork().getBlock());
            // As a DJL user loads a model: the directory and the prefix, no epoch given.
            model.load(run.file("params"), RunDirectory.MODEL_NAME);

            assertSameParameters(model.getBlock(), library.network().getBlock());
            assertThat(model.getProperty("Epoch")).isEqualTo("1");
        }
    }

    @Test
    void aRunWrittenBeforeTheDjlNamesStillLoadsAndResumes() throws IOException {
        RunDirectory run = RunDirectory.create(dir.resolve("old"));
        train(config(1), run, false);
        try (TrainedModel trained = loaded(run)) {
            Block original = trained.network().getBlock();
            // Rewrite the checkpoint as the library used to: the block's parameters alone, in
            // params/epoch-NNN.params, and no serving.properties.
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(raw)) {
                original.saveParameters(out);
            }
            byte[] bytes = raw.toByteArray();
            Files.delete(run.file("params/nin-0001.params"));
            Files.delete(run.file(RunDirectory.SERVING_PROPERTIES));
            Files.write(run.file("params/epoch-001.params"), bytes);
            Files.writeString(
                    run.file("checkpoint.json"),
                    "{\"completedEpochs\":1,\"parameters\":\"params/epoch-001.params\",\"sha256\":\""
                            + Checksums.sha256(bytes)
                            + "\"}");

            try (TrainedModel old = loaded(RunDirectory.open(run.root()))) {
                assertSameParameters(old.network().getBlock(), original);
            }
        }

        TrainingResult resumed = train(config(2), RunDirectory.open(run.root()), true);
        assertThat(resumed.status()).isEqualTo(TrainingStatus.COMPLETED);
        assertThat(resumed.history().epochs()).hasSize(2);
        // The next checkpoint takes DJL's name, and the old file goes as older checkpoints do.
        try (var files = Files.list(run.file("params"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactly("nin-0002.params");
        }
        assertThat(run.file(RunDirectory.SERVING_PROPERTIES)).isRegularFile();
    }

    @Test
    void servingPropertiesNameTheEngineTheFactoriesAndTheRunsChoices() throws IOException {
        RunDirectory run = RunDirectory.create(dir.resolve("run"));
        TrainingLoop.builder()
                .setConfig(config(1))
                .setData(DATA)
                .setRunDirectory(run)
                .optCompute(
                        new ComputeChoice(
                                Device.cpu(), LayoutChoice.CHANNELS_LAST, PrecisionChoice.FP32))
                .addListeners(RunListeners.standard(run))
                .build()
                .run();
        Properties serving = new Properties();
        try (Reader in = Files.newBufferedReader(run.file(RunDirectory.SERVING_PROPERTIES))) {
            serving.load(in);
        }
        assertThat(serving)
                .containsEntry("engine", "PyTorch")
                .containsEntry("application", "cv/image_classification")
                .containsEntry("blockFactory", RunDirectory.BLOCK_FACTORY)
                .containsEntry("translatorFactory", RunDirectory.TRANSLATOR_FACTORY)
                .containsEntry("layout", "channels-last")
                .containsEntry("precision", "fp32")
                .containsEntry("option.hasParameter", "false");
    }
}
