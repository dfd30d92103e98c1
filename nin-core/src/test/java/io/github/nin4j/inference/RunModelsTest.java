package io.github.nin4j.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.dataset.Batch;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.data.BatchLoader;
import io.github.nin4j.data.ImageSet;
import io.github.nin4j.data.LearnableImages;
import io.github.nin4j.data.PhotoConverter;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.TestArchitectures;
import io.github.nin4j.train.OnPlateau;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.TrainedModel;
import io.github.nin4j.train.TrainingConfig;
import io.github.nin4j.train.TrainingLoop;
import io.github.nin4j.train.listener.RunListeners;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunModelsTest {

    /** Two NiN blocks, trained one epoch at 32 px so that prediction resizes as training did. */
    private static final NinArchitecture SMALL = TestArchitectures.SMALL;

    @TempDir static Path dir;
    private static Path runDir;
    private static Path dark;
    private static Path light;

    @BeforeAll
    static void trainATinyRunAndDrawTwoPhotos() throws IOException {
        runDir = dir.resolve("run");
        RunDirectory run = RunDirectory.create(runDir);
        TrainingLoop.builder()
                .setConfig(new TrainingConfig(SMALL, 1, 0.1, 64, 32, 0, 7, OnPlateau.WARN))
                .setData(LearnableImages.data(256, 64))
                .setRunDirectory(run)
                .addListeners(RunListeners.standard(run))
                .build()
                .run();
        dark = photo("dark.png", Color.WHITE, Color.DARK_GRAY);
        light = photo("light.jpg", Color.BLACK, Color.LIGHT_GRAY);
    }

    private static Path photo(String name, Color background, Color item) throws IOException {
        BufferedImage photo = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, 120, 80);
        g.setColor(item);
        g.fillRect(30, 10, 60, 60);
        g.dispose();
        Path file = dir.resolve(name);
        ImageIO.write(photo, name.endsWith(".png") ? "png" : "jpg", file.toFile());
        return file;
    }

    /** The probabilities as nin predict computed them before it had a translator. */
    private static float[] throughTheBatchPath(Path file) {
        try (TrainedModel trained = TrainedModel.load(RunDirectory.open(runDir), Device.cpu())) {
            ImageSet one =
                    ImageSet.builder()
                            .setPixels(new PhotoConverter().convert(PhotoConverter.read(file)))
                            .setLabels(new int[1])
                            .setShape(1, 28, 28)
                            .optClasses(10)
                            .build();
            try (BatchLoader loader =
                            BatchLoader.builder()
                                    .setImages(one)
                                    .setManager(trained.manager())
                                    .optResize(trained.config().resize())
                                    .optPrefetch(false)
                                    .build();
                    Batch batch = loader.epoch(1).next()) {
                NDArray probabilities = trained.logits(batch.getData()).softmax(1);
                return probabilities.toFloatArray();
            }
        }
    }

    @Test
    void aPredictorFromDjlCriteriaGivesWhatTheBatchPathGives() throws Exception {
        Classifications fromDjl;
        try (ZooModel<Image, Classifications> model =
                        RunModels.criteria(runDir).optDevice(Device.cpu()).build().loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            fromDjl = predictor.predict(ImageFactory.getInstance().fromFile(dark));
            assertThat(RunModels.engineCheck(model)).startsWith("engine check: ");
        }

        float[] expected = throughTheBatchPath(dark);
        assertThat(fromDjl.getClassNames())
                .containsExactlyElementsOf(RunDirectory.open(runDir).readManifest().classNames());
        for (int c = 0; c < expected.length; c++) {
            assertThat(fromDjl.getProbabilities().get(c)).isCloseTo(expected[c], within(1e-6));
        }
        int best = 0;
        for (int c = 1; c < expected.length; c++) {
            best = expected[c] > expected[best] ? c : best;
        }
        assertThat(fromDjl.best().getClassName()).isEqualTo(fromDjl.getClassNames().get(best));
    }

    @Test
    void aBatchPredictsEachImageAsAlone() throws Exception {
        try (ZooModel<Image, Classifications> model = RunModels.load(runDir, Device.cpu());
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            Image first = RunModels.readImage(dark);
            Image second = RunModels.readImage(light);
            List<Classifications> both = predictor.batchPredict(List.of(first, second));
            Classifications alone = predictor.predict(second);
            assertThat(both).hasSize(2);
            assertThat(both.get(1).best().getClassName()).isEqualTo(alone.best().getClassName());
            assertThat(both.get(1).best().getProbability())
                    .isCloseTo(alone.best().getProbability(), within(1e-5));
        }
    }

    @Test
    void notARunDirectoryIsOneLine() {
        assertThatThrownBy(() -> RunModels.criteria(dir.resolve("nothing")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> RunModels.readImage(dir.resolve("missing.png")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("missing.png does not exist");
    }
}
