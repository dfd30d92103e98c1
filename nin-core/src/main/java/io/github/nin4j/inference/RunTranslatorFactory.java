package io.github.nin4j.inference;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.train.RunDirectory;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;

/**
 * DJL's hook for making a model's translator, for a run directory: the {@link
 * ClassificationTranslator} of the run whose directory the model was loaded from ({@link
 * Model#getModelPath()}). It makes {@code Image} to {@code Classifications} translators only.
 */
public final class RunTranslatorFactory implements TranslatorFactory {

    /** Creates the factory; DJL may also create it by name from {@code serving.properties}. */
    public RunTranslatorFactory() {}

    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return Set.of(new Pair<>(Image.class, Classifications.class));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(
            Class<I> input, Class<O> output, Model model, Map<String, ?> arguments) {
        if (!isSupported(input, output)) {
            throw new InvalidInputException(
                    "a run's network classifies images: ask for Image and Classifications, not "
                            + input.getSimpleName()
                            + " and "
                            + output.getSimpleName());
        }
        RunDirectory run = RunDirectory.open(model.getModelPath());
        return (Translator<I, O>) ClassificationTranslator.of(run.readManifest());
    }
}
