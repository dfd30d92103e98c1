package io.github.nin4j.train;

import io.github.nin4j.InvalidInputException;
import io.github.nin4j.model.NinArchitecture;

/**
 * What a training run computes: the network, d2l's recipe values and the data slice. Two runs with
 * the same configuration give the same result as far as the engine is deterministic. The device and
 * thread count are not part of it: they change speed, not the recipe.
 *
 * @param architecture the network
 * @param epochs epochs to train (the seed: 10)
 * @param learningRate plain SGD's learning rate (the seed: 0.1)
 * @param batchSize examples per batch (the seed: 128)
 * @param resize side the 28×28 images are resized to (the seed: 224)
 * @param limit how many examples of each split to use; 0 for all
 * @param seed the seed of initialisation, shuffling and dropout
 * @param onPlateau what to do when the run is stuck at chance or diverges
 */
public record TrainingConfig(
        NinArchitecture architecture,
        int epochs,
        double learningRate,
        int batchSize,
        int resize,
        int limit,
        int seed,
        OnPlateau onPlateau) {

    /** Validates the values, naming the option to fix. */
    public TrainingConfig {
        if (epochs < 1) {
            throw new InvalidInputException("--epochs must be at least 1, got " + epochs);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new InvalidInputException(
                    "--lr must be a positive number, got " + learningRate + "; the seed uses 0.1");
        }
        if (batchSize < 1) {
            throw new InvalidInputException(
                    "--batch-size must be at least 1, got " + batchSize + "; the seed uses 128");
        }
        if (limit < 0) {
            throw new InvalidInputException("--limit must be 0 (all) or more, got " + limit);
        }
        if (!architecture.accepts(resize)) {
            throw new InvalidInputException(
                    "--resize "
                            + resize
                            + " is too small for the network; the smallest it accepts is "
                            + architecture.minimumInputSide()
                            + " (the seed uses 224)");
        }
    }
}
