package io.github.nin4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nin4j.data.LearnableImages;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.train.OnPlateau;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.TrainingConfig;
import io.github.nin4j.train.TrainingLoop;
import io.github.nin4j.train.listener.RunListeners;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictorExampleTest {

    @TempDir Path dir;

    @Test
    void theReadmesPredictorExampleClassifiesAPhotoWithTheRunsClasses() throws Exception {
        NinArchitecture small =
                NinArchitecture.builder()
                        .optBlocks(List.of(new BlockSpec(16, 5, 1, 2), new BlockSpec(10, 3, 1, 1)))
                        .build();
        Path runDir = dir.resolve("run");
        RunDirectory run = RunDirectory.create(runDir);
        TrainingLoop.builder()
                .setConfig(new TrainingConfig(small, 1, 0.1, 64, 28, 0, 7, OnPlateau.WARN))
                .setData(LearnableImages.data(128, 64))
                .setRunDirectory(run)
                .addListeners(RunListeners.standard(run))
                .build()
                .run();
        BufferedImage photo = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 64, 64);
        g.setColor(Color.BLACK);
        g.fillOval(8, 8, 48, 48);
        g.dispose();
        Path file = dir.resolve("photo.jpg");
        ImageIO.write(photo, "jpg", file.toFile());

        var classes = PredictorExample.predict(runDir, file);

        assertThat(classes.getClassNames()).hasSize(10).contains("ankle boot");
        assertThat(classes.getProbabilities().stream().mapToDouble(Double::doubleValue).sum())
                .isBetween(0.999, 1.001);
        assertThat(classes.best().getProbability()).isBetween(0.1, 1.0);
    }

    @Test
    void theReadmeShowsTheExampleAsTested() throws java.io.IOException {
        assertThat(ReadmeSnippet.readme())
                .contains(ReadmeSnippet.of("src/test/java/io/github/nin4j/PredictorExample.java"));
    }
}
