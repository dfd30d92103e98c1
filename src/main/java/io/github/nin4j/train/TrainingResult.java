package io.github.nin4j.train;

import java.util.List;

/**
 * How a training run ended.
 *
 * @param status completed, interrupted or stopped
 * @param history the completed epochs of the final attempt
 * @param events plateau findings and restarts, in order
 */
public record TrainingResult(TrainingStatus status, TrainingHistory history, List<String> events) {}
