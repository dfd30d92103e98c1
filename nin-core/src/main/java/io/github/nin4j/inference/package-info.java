/**
 * Prediction the DJL way: a run directory becomes a {@code ZooModel<Image, Classifications>} whose
 * {@code Predictor} classifies {@link ai.djl.modality.cv.Image}s.
 *
 * <p>{@link io.github.nin4j.inference.RunModels#criteria} is DJL's {@code Criteria} for a run
 * directory; DJL's loader then builds the network through {@link
 * io.github.nin4j.inference.RunBlockFactory} and the translator, a {@link
 * io.github.nin4j.inference.ClassificationTranslator} that prepares an image as the run's training
 * images were prepared, through {@link io.github.nin4j.inference.RunTranslatorFactory}. {@code nin
 * predict} goes this way too, so a Java program predicts what the command prints.
 */
package io.github.nin4j.inference;
