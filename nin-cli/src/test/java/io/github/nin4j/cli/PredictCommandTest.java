package io.github.nin4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.DeferredTranslatorFactory;
import io.github.nin4j.data.LearnableImages;
import io.github.nin4j.inference.RunModels;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nin predict} and a Java program's DJL predictor, from the library's criteria or DJL's
 * plain ones, say the same of the same file.
 */
class PredictCommandTest {

    @TempDir Path dir;

    @Test
    void theCommandPrintsWhatTheLibrarysPredictorFinds() throws Exception {
        Path data = LearnableImages.writeTo(dir.resolve("data"), 256, 64);
        Path run = dir.resolve("run");
        CommandRunner.Result train =
                CommandRunner.run(
                        "train",
                        "--data",
                        data.toString(),
                        "--epochs",
                        "1",
                        "--batch-size",
                        "64",
                        "--resize",
                        "32",
                        "--block",
                        "16:5:1:2,10:3:1:1",
                        "--on-plateau",
                        "warn",
                        "--out",
                        run.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        BufferedImage photo = new BufferedImage(90, 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 90, 120);
        g.setColor(Color.GRAY);
        g.fillRect(20, 10, 50, 100);
        g.dispose();
        Path png = dir.resolve("coat.png");
        ImageIO.write(photo, "png", png.toFile());

        CommandRunner.Result predict = CommandRunner.run("predict", run.toString(), png.toString());
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        assertThat(predict.err()).startsWith("engine check: ");

        // The library's criteria, and DJL's own for a model directory.
        List<Criteria<Image, Classifications>> criteria =
                List.of(
                        RunModels.criteria(run).optDevice(Device.cpu()).build(),
                        Criteria.builder()
                                .setTypes(Image.class, Classifications.class)
                                .optModelPath(run)
                                .optTranslatorFactory(new DeferredTranslatorFactory())
                                .build());
        for (Criteria<Image, Classifications> c : criteria) {
            Classifications.Classification best;
            try (ZooModel<Image, Classifications> model = c.loadModel();
                    Predictor<Image, Classifications> predictor = model.newPredictor()) {
                best = predictor.predict(ImageFactory.getInstance().fromFile(png)).best();
            }
            assertThat(predict.out().strip())
                    .isEqualTo(
                            String.format(
                                    "%s: %s (%.1f%%)",
                                    png, best.getClassName(), 100 * best.getProbability()));
        }
    }
}
