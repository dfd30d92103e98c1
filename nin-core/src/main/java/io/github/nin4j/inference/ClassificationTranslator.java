package io.github.nin4j.inference;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.ArgumentsUtil;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import io.github.nin4j.data.BatchLoader;
import io.github.nin4j.data.ImageFolder;
import io.github.nin4j.data.ImageSet;
import io.github.nin4j.data.PhotoConverter;
import io.github.nin4j.data.Preprocessing;
import io.github.nin4j.train.Manifest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * A run's network as an image classifier: an {@link Image} in, {@link Classifications} out, with
 * the run's class names.
 *
 * <p>The input is made as training made its images: for a run on an image folder, the image is
 * converted as the folder's were ({@link ImageFolder#convert(BufferedImage, int, int)}); otherwise
 * it is made to look like Fashion-MNIST ({@link PhotoConverter}). Then {@link BatchLoader#input}
 * makes it the network's input with the run's {@link Preprocessing} (scaled, resized, normalised
 * for a folder), with the very code that makes evaluation batches. The output is the softmax of the
 * logits, or with DJL's argument {@code applySoftmax=false} the logits, shown as DJL's {@code topK}
 * best (default 5). Images are stacked into one batch ({@link Batchifier#STACK}), so {@code
 * Predictor.batchPredict} computes them together.
 */
public final class ClassificationTranslator implements Translator<Image, Classifications> {

    private final List<String> classNames;
    private final Optional<ImageFolder.Recorded> folder;
    private final Preprocessing preprocessing;
    private final int topK;
    private final boolean applySoftmax;

    private ClassificationTranslator(Manifest manifest, int topK, boolean applySoftmax) {
        this.classNames = List.copyOf(manifest.classNames());
        this.folder = ImageFolder.Recorded.of(manifest.data() != null ? manifest.data() : Map.of());
        this.preprocessing = manifest.preprocessing().forEvaluation();
        this.topK = topK;
        this.applySoftmax = applySoftmax;
    }

    /**
     * The translator for a run.
     *
     * @param manifest the run's manifest: its class names, data (how images were converted) and
     *     input side
     * @param arguments DJL's translator arguments: {@code topK} (default 5) and {@code
     *     applySoftmax} (default true)
     * @return the translator
     */
    public static ClassificationTranslator of(Manifest manifest, Map<String, ?> arguments) {
        return new ClassificationTranslator(
                manifest,
                ArgumentsUtil.intValue(arguments, "topK", 5),
                ArgumentsUtil.booleanValue(arguments, "applySoftmax", true));
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        int channels = folder.map(ImageFolder.Recorded::channels).orElse(1);
        int side = folder.map(ImageFolder.Recorded::side).orElse(PhotoConverter.SIDE);
        BufferedImage image = bufferedImage(input);
        // The label is a placeholder that an image set requires; it is never read.
        ImageSet one =
                ImageSet.builder()
                        .setPixels(
                                folder.isPresent()
                                        ? ImageFolder.convert(image, channels, side)
                                        : new PhotoConverter().convert(image))
                        .setLabels(new int[1])
                        .setShape(channels, side, side)
                        .optClasses(classNames.size())
                        .build();
        return new NDList(BatchLoader.input(one, 0, preprocessing, ctx.getNDManager()));
    }

    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list) {
        NDArray logits = list.singletonOrThrow();
        return new Classifications(classNames, applySoftmax ? logits.softmax(0) : logits, topK);
    }

    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }

    /**
     * The image as a {@link BufferedImage}: DJL's default image factory wraps one; an image from
     * another factory (OpenCV's) goes through PNG, which keeps its pixels.
     */
    private static BufferedImage bufferedImage(Image image) {
        if (image.getWrappedImage() instanceof BufferedImage buffered) {
            return buffered;
        }
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            image.save(png, "png");
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png.toByteArray()));
            if (decoded == null) {
                throw new InvalidInputException("the image could not be converted to PNG");
            }
            return decoded;
        } catch (IOException e) {
            throw new InvalidInputException(
                    "the image could not be converted to PNG: " + Reasons.of(e), e);
        }
    }
}
