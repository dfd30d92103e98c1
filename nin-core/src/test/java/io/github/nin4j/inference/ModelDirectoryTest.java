package io.github.nin4j.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.modality.cv.Image;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.DeferredTranslatorFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nin4j.data.LearnableImages;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.TestArchitectures;
import io.github.nin4j.train.OnPlateau;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.TrainingConfig;
import io.github.nin4j.train.TrainingLoop;
import io.github.nin4j.train.listener.RunListeners;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run directory is a DJL model directory: DJL's plain criteria load it, for every input type
 * DJL's image factories take and for DJL Serving's, with DJL's arguments, and predict what {@link
 * RunModels#criteria} predicts.
 */
class ModelDirectoryTest {

    private static final NinArchitecture SMALL = TestArchitectures.SMALL;

    @TempDir static Path dir;
    private static Path runDir;
    private static Path photo;

    @BeforeAll
    static void trainATinyRunAndDrawAPhoto() throws IOException {
        runDir = dir.resolve("run");
        RunDirectory run = RunDirectory.create(runDir);
        TrainingLoop.builder()
                .setConfig(new TrainingConfig(SMALL, 1, 0.1, 64, 32, 0, 7, OnPlateau.WARN))
                .setData(LearnableImages.data(256, 64))
                .setRunDirectory(run)
                .addListeners(RunListeners.standard(run))
                .build()
                .run();
        BufferedImage image = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 120, 80);
        g.setColor(Color.DARK_GRAY);
        g.fillRect(30, 10, 60, 60);
        g.dispose();
        photo = dir.resolve("photo.png");
        ImageIO.write(image, "png", photo.toFile());
    }

    /** DJL's criteria for a model directory, as DJL's documentation writes them. */
    private static <I, O> Criteria.Builder<I, O> plain(Class<I> input, Class<O> output) {
        return Criteria.builder()
                .setTypes(input, output)
                .optModelPath(runDir)
                .optTranslatorFactory(new DeferredTranslatorFactory());
    }

    private static <I> Classifications predict(Criteria.Builder<I, Classifications> criteria, I in)
            throws Exception {
        try (ZooModel<I, Classifications> model = criteria.build().loadModel();
                Predictor<I, Classifications> predictor = model.newPredictor()) {
            return predictor.predict(in);
        }
    }

    private static Classifications throughRunModels() throws Exception {
        return predict(
                RunModels.criteria(runDir).optDevice(Device.cpu()), RunModels.readImage(photo));
    }

    private static void assertSame(Classifications actual, Classifications expected) {
        assertThat(actual.getClassNames()).containsExactlyElementsOf(expected.getClassNames());
        assertThat(actual.best().getClassName()).isEqualTo(expected.best().getClassName());
        for (int c = 0; c < expected.getProbabilities().size(); c++) {
            assertThat(actual.getProbabilities().get(c))
                    .isCloseTo(expected.getProbabilities().get(c), within(1e-6));
        }
    }

    @Test
    void plainDjlCriteriaPredictWhatRunModelsPredicts() throws Exception {
        Classifications plain =
                predict(plain(Image.class, Classifications.class), RunModels.readImage(photo));
        assertSame(plain, throughRunModels());
    }

    @Test
    void aPathAUrlAndAnInputStreamAreImagesAsDjlsImageFactoriesTakeThem() throws Exception {
        Classifications expected = throughRunModels();
        assertSame(predict(plain(Path.class, Classifications.class), photo), expected);
        assertSame(
                predict(plain(URL.class, Classifications.class), photo.toUri().toURL()), expected);
        try (InputStream in = Files.newInputStream(photo)) {
            assertSame(predict(plain(InputStream.class, Classifications.class), in), expected);
        }
    }

    @Test
    void djlServingsInputGivesTheTopClassesAsJson() throws Exception {
        Classifications expected = throughRunModels();
        Input input = new Input();
        input.add(Files.readAllBytes(photo));
        JsonNode json;
        try (ZooModel<Input, Output> model =
                        plain(Input.class, Output.class)
                                .optArgument("topK", 3)
                                .build()
                                .loadModel();
                Predictor<Input, Output> predictor = model.newPredictor()) {
            Output output = predictor.predict(input);
            assertThat(output.getProperty("Content-Type", null)).isEqualTo("application/json");
            json = new ObjectMapper().readTree(output.getData().getAsString());
        }
        assertThat(json).hasSize(3);
        assertThat(json.get(0).get("className").asText()).isEqualTo(expected.best().getClassName());
        assertThat(json.get(0).get("probability").asDouble())
                .isCloseTo(expected.best().getProbability(), within(1e-6));
    }

    @Test
    void applySoftmaxFalseGivesTheLogits() throws Exception {
        Classifications probabilities = throughRunModels();
        Classifications logits =
                predict(
                        plain(Image.class, Classifications.class)
                                .optArgument("applySoftmax", "false")
                                .optArgument("topK", "2"),
                        RunModels.readImage(photo));
        assertThat(logits.topK()).hasSize(2);
        List<Double> values = logits.getProbabilities();
        double sum = values.stream().mapToDouble(Math::exp).sum();
        for (int c = 0; c < values.size(); c++) {
            assertThat(Math.exp(values.get(c)) / sum)
                    .isCloseTo(probabilities.getProbabilities().get(c), within(1e-5));
        }
        assertThat(values.stream().mapToDouble(Double::doubleValue).sum())
                .isNotCloseTo(1, within(1e-3));
    }

    @Test
    void aRunWrittenBeforeServingPropertiesLoadsThroughRunModels() throws Exception {
        Path old = dir.resolve("old");
        try (Stream<Path> files = Files.walk(runDir)) {
            for (Path file : files.toList()) {
                Files.copy(file, old.resolve(runDir.relativize(file).toString()));
            }
        }
        Files.delete(old.resolve(RunDirectory.SERVING_PROPERTIES));
        assertSame(
                predict(RunModels.criteria(old), RunModels.readImage(photo)), throughRunModels());
    }

    @Test
    void servingPropertiesNameThisPackagesFactories() throws IOException {
        assertThat(RunDirectory.BLOCK_FACTORY).isEqualTo(RunBlockFactory.class.getName());
        assertThat(RunDirectory.TRANSLATOR_FACTORY).isEqualTo(RunTranslatorFactory.class.getName());
        assertThat(Files.readString(runDir.resolve(RunDirectory.SERVING_PROPERTIES)))
                .contains("blockFactory=" + RunBlockFactory.class.getName())
                .contains("translatorFactory=" + RunTranslatorFactory.class.getName());
    }
}
