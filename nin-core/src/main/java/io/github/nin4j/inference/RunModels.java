package io.github.nin4j.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.BufferedImageFactory;
import ai.djl.modality.cv.Image;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import io.github.nin4j.base.Reasons;
import io.github.nin4j.compute.ComputeChoice;
import io.github.nin4j.data.PhotoConverter;
import io.github.nin4j.engine.LayoutChoice;
import io.github.nin4j.precision.PrecisionChoice;
import io.github.nin4j.train.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A run directory as a DJL model: {@code Criteria} that DJL's own loader follows, and shortcuts
 * that load the model with them.
 *
 * <pre>{@code
 * try (ZooModel<Image, Classifications> model = RunModels.criteria(runDir).build().loadModel();
 *         Predictor<Image, Classifications> predictor = model.newPredictor()) {
 *     Classifications c = predictor.predict(ImageFactory.getInstance().fromFile(photo));
 * }
 * }</pre>
 *
 * <p>A run directory's {@code serving.properties} names the engine, {@link RunBlockFactory} and
 * {@link RunTranslatorFactory}, so that DJL's plain criteria ({@code optModelPath(runDir)} with a
 * {@code DeferredTranslatorFactory}) load it too. {@link #criteria} names them itself, so that it
 * also loads runs written before that file, and so that the file cannot name other classes for it.
 */
public final class RunModels {

    /** Criteria argument: the {@link LayoutChoice} (default: serving.properties', else AUTO). */
    public static final String LAYOUT = "layout";

    /** Criteria argument: the {@link PrecisionChoice} (default: serving.properties', else FP32). */
    public static final String PRECISION = "precision";

    /** Model property holding the engine check's one-line summary, set when the model loads. */
    public static final String ENGINE_CHECK = "nin.engineCheck";

    private RunModels() {}

    /**
     * DJL criteria that load a run directory's network as an image classifier. Add what DJL
     * criteria take: {@code optDevice}, {@code optArgument(RunModels.LAYOUT, LayoutChoice.NCHW)},
     * {@code optProgress}.
     *
     * @param runDir a directory written by {@code nin train}, {@code nin import} or {@link
     *     io.github.nin4j.train.TrainingLoop}
     * @return a criteria builder with the types, the path, the engine, the factories and option
     *     {@code hasParameter=false} set
     * @throws io.github.nin4j.base.InvalidInputException if the directory is not a run directory
     */
    public static Criteria.Builder<Image, Classifications> criteria(Path runDir) {
        // Fails here, in one line, rather than in DJL's loader with a generic message.
        RunDirectory.open(runDir);
        return Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelPath(runDir)
                .optEngine("PyTorch")
                .optArgument("blockFactory", new RunBlockFactory())
                .optTranslatorFactory(new RunTranslatorFactory())
                .optOption("hasParameter", "false");
    }

    /**
     * Loads a run directory's network as an image classifier on a device, choosing the layout and
     * precision as {@code nin predict} does by default.
     *
     * @param runDir the run directory
     * @param device where to compute
     * @return the model; {@link ZooModel#newPredictor()} gives its predictor
     */
    public static ZooModel<Image, Classifications> load(Path runDir, Device device) {
        return load(runDir, ComputeChoice.defaults().withDevice(device));
    }

    /**
     * Loads a run directory's network as an image classifier.
     *
     * @param runDir the run directory
     * @param choice the device, and how the engine check chooses the layout and precision
     * @return the model; {@link ZooModel#newPredictor()} gives its predictor
     * @throws io.github.nin4j.base.InvalidInputException if the directory is incomplete or damaged
     * @throws io.github.nin4j.engine.EngineFaultException if the engine computes the network wrong
     *     in every layout
     */
    public static ZooModel<Image, Classifications> load(Path runDir, ComputeChoice choice) {
        Criteria<Image, Classifications> criteria =
                criteria(runDir)
                        .optDevice(choice.device())
                        .optArgument(LAYOUT, choice.layout())
                        .optArgument(PRECISION, choice.precision())
                        .build();
        try {
            return criteria.loadModel();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + runDir + ": " + Reasons.of(e), e);
        } catch (ModelNotFoundException | MalformedModelException e) {
            // Only a defect of this package gets here: the criteria name their own factories.
            throw new IllegalStateException("DJL did not load " + runDir + ": " + Reasons.of(e), e);
        }
    }

    /**
     * What the engine check found when the model was loaded, in one line.
     *
     * @param model a model loaded with {@link #criteria}
     * @return for example {@code engine check: right (NCHW convolutions; ...)}
     */
    public static String engineCheck(Model model) {
        return model.getProperty(ENGINE_CHECK);
    }

    /**
     * Reads an image file for a predictor, with the one-line errors {@code nin predict} gives.
     *
     * @param file a PNG or JPEG file
     * @return the image, as DJL's default image factory wraps it
     * @throws io.github.nin4j.base.InvalidInputException if the file is missing or not a readable
     *     image
     */
    public static Image readImage(Path file) {
        // DJL's own factory for BufferedImages, whichever factory is the default (OpenCV's wraps a
        // Mat).
        return new BufferedImageFactory().fromImage(PhotoConverter.read(file));
    }
}
