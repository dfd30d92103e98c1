/**
 * Prediction the DJL way: a run directory becomes a {@code ZooModel<Image, Classifications>} whose
 * {@code Predictor} classifies {@link ai.djl.modality.cv.Image}s.
 *
 * <p>{@link io.github.nin4j.inference.ClassificationTranslator} is built from a run's manifest: it
 * converts an image as the run's training images were converted (a folder's conversion for a run on
 * an image folder, else Fashion-MNIST's look), resizes it with the code that makes training
 * batches, and turns the logits into {@link ai.djl.modality.Classifications} with a softmax, under
 * the run's class names. A run directory's {@code serving.properties} makes it a DJL model
 * directory, and {@link io.github.nin4j.inference.RunModels#criteria} is DJL's {@code Criteria} for
 * one; DJL's loader then builds the network through {@link
 * io.github.nin4j.inference.RunBlockFactory} (which runs the engine check and has the last
 * checkpoint loaded) and the translator through {@link
 * io.github.nin4j.inference.RunTranslatorFactory}. {@code nin predict} goes this way too, so a Java
 * program predicts what the command prints.
 */
package io.github.nin4j.inference;
