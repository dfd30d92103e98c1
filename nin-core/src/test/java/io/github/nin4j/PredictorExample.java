package io.github.nin4j;

import ai.djl.Device;
import ai.djl.ModelException;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.github.nin4j.inference.RunModels;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The README's example of predicting with a DJL Predictor; {@code PredictorExampleTest} runs it.
 */
final class PredictorExample {

    private PredictorExample() {}

    static Classifications predict(Path runDir, Path photo)
            throws IOException, ModelException, TranslateException {
        // [readme]
        // A run directory (from `nin train`, `nin import` or TrainingLoop) is a DJL model.
        Criteria<Image, Classifications> criteria =
                RunModels.criteria(runDir).optDevice(Device.cpu()).build();
        try (ZooModel<Image, Classifications> model = criteria.loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            // Converted as the run's training images were, resized to its side; softmax.
            Image image = ImageFactory.getInstance().fromFile(photo);
            Classifications classes = predictor.predict(image);
            System.out.println(classes.best()); // e.g. class: "coat", probability: 0.91
            return classes;
        }
        // [/readme]
    }
}
