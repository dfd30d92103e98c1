package io.github.nin4j.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.dataset.Batch;
import io.github.nin4j.data.BatchLoader;
import io.github.nin4j.data.ImageFolder;
import io.github.nin4j.data.ImageSet;
import io.github.nin4j.data.Preprocessing;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.train.Manifest;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run on an image folder predicts a file as its evaluation batches saw it: the test split's
 * batches (the training pipeline's evaluation input) and the DJL {@code Predictor} that {@code nin
 * predict} uses give the same probabilities for the same file.
 */
class FolderPreprocessingTest {

    @TempDir Path dir;

    private static final NinArchitecture NARROW =
            NinArchitecture.builder()
                    .optInputChannels(3)
                    .optClasses(3)
                    .optBlocks(List.of(new BlockSpec(16, 5, 1, 2), new BlockSpec(3, 3, 1, 1)))
                    .build();

    private Path writeFolder() throws IOException {
        Path root = dir.resolve("images");
        Random random = new Random(5);
        String[] classes = {"blue", "green", "red"};
        for (int c = 0; c < 3; c++) {
            Path folder = Files.createDirectories(root.resolve("train").resolve(classes[c]));
            Path test = Files.createDirectories(root.resolve("test").resolve(classes[c]));
            for (int i = 0; i < 12; i++) {
                BufferedImage image = new BufferedImage(50, 40, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                g.setColor(
                        new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
                g.fillRect(0, 0, 50, 40);
                int[] rgb = {0, 0, 0};
                rgb[2 - c] = 200 + random.nextInt(56);
                g.setColor(new Color(rgb[0], rgb[1], rgb[2]));
                g.fillOval(random.nextInt(20), random.nextInt(15), 25, 20);
                g.dispose();
                Path file = (i < 9 ? folder : test).resolve(i + (i % 2 == 0 ? ".png" : ".jpg"));
                ImageIO.write(image, i % 2 == 0 ? "png" : "jpg", file.toFile());
            }
        }
        return root;
    }

    @Test
    void theEvaluationBatchesAndThePredictorSeeTheSameInput() throws Exception {
        Path root = writeFolder();
        ImageFolder data =
                ImageFolder.builder()
                        .setRoot(root)
                        .optSide(40)
                        .optCacheDirectory(dir.resolve("cache"))
                        .build();
        Path runDir = dir.resolve("run");
        RunDirectory run = RunDirectory.create(runDir);
        TrainingLoop.builder()
                .setConfig(new TrainingConfig(NARROW, 1, 0.1, 9, 32, 0, 7, OnPlateau.WARN))
                .setData(data)
                .setRunDirectory(run)
                .addListeners(RunListeners.standard(run))
                .build()
                .run();
        Manifest manifest = RunDirectory.open(runDir).readManifest();
        Preprocessing preprocessing = manifest.preprocessing().forEvaluation();
        assertThat(preprocessing.resize()).isEqualTo(32);
        assertThat(preprocessing.mean()).hasSize(3);
        assertThat(preprocessing.std()).hasSize(3).allSatisfy(s -> assertThat(s).isPositive());

        ImageSet test = data.test();
        float[] batchPath;
        try (TrainedModel trained = TrainedModel.load(RunDirectory.open(runDir), Device.cpu());
                BatchLoader loader =
                        BatchLoader.builder()
                                .setImages(test)
                                .setManager(trained.manager())
                                .optBatchSize(test.size())
                                .optPreprocessing(preprocessing)
                                .optPrefetch(false)
                                .build()) {
            Iterator<Batch> batches = loader.epoch(1);
            try (Batch batch = batches.next()) {
                NDArray probabilities = trained.logits(batch.getData()).softmax(1);
                batchPath = probabilities.toFloatArray();
            }
        }
        // The test split is in class order, each class's files in path order: 10.png, 11.jpg,
        // 9.jpg.
        String[] files = {"10.png", "11.jpg", "9.jpg"};
        String[] classes = {"blue", "green", "red"};
        try (ZooModel<Image, Classifications> model =
                        RunModels.criteria(runDir).optDevice(Device.cpu()).build().loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            for (int c = 0; c < 3; c++) {
                for (int f = 0; f < 3; f++) {
                    int index = c * 3 + f;
                    assertThat(test.label(index)).isEqualTo(c);
                    Path file = root.resolve("test").resolve(classes[c]).resolve(files[f]);
                    Classifications predicted = predictor.predict(RunModels.readImage(file));
                    for (int k = 0; k < 3; k++) {
                        assertThat(predicted.getProbabilities().get(k))
                                .as("%s, class %d", file, k)
                                .isCloseTo(batchPath[index * 3 + k], within(1e-6));
                    }
                }
            }
        }
    }
}
