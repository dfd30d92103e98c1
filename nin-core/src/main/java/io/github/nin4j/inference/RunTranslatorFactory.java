package io.github.nin4j.inference;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.translator.BaseImageTranslatorFactory;
import ai.djl.translate.Translator;
import io.github.nin4j.train.RunDirectory;
import java.util.Map;

/**
 * DJL's hook for making a model's translator, for a run directory: the {@link
 * ClassificationTranslator} of the run whose directory the model was loaded from ({@link
 * Model#getModelPath()}), for an {@link Image} and, as DJL's image factories do, for a {@code
 * Path}, {@code URL}, {@code InputStream} or {@code String} of one, and for DJL Serving's {@code
 * Input} and {@code Output}.
 *
 * <p>Arguments (criteria arguments or {@code serving.properties}), DJL's: {@code topK}, the classes
 * a {@link Classifications} shows (default 5), and {@code applySoftmax}, whether its probabilities
 * are the softmax of the network's logits (default true) or the logits themselves.
 */
public final class RunTranslatorFactory extends BaseImageTranslatorFactory<Classifications> {

    /** Creates the factory; DJL may also create it by name from {@code serving.properties}. */
    public RunTranslatorFactory() {}

    @Override
    protected Translator<Image, Classifications> buildBaseTranslator(
            Model model, Map<String, ?> arguments) {
        return ClassificationTranslator.of(
                RunDirectory.open(model.getModelPath()).readManifest(), arguments);
    }

    @Override
    public Class<Classifications> getBaseOutputType() {
        return Classifications.class;
    }
}
