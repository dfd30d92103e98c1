package io.github.nin4j.train;

import io.github.nin4j.base.InvalidValueException;
import io.github.nin4j.model.NinArchitecture;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

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

    /** Validates the values, naming the setting to fix. */
    public TrainingConfig {
        if (epochs < 1) {
            throw new InvalidValueException(EPOCHS, "must be at least 1, got " + epochs);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new InvalidValueException(
                    LEARNING_RATE,
                    "must be a positive number, got " + learningRate + "; the seed uses 0.1");
        }
        if (batchSize < 1) {
            throw new InvalidValueException(
                    BATCH_SIZE, "must be at least 1, got " + batchSize + "; the seed uses 128");
        }
        if (limit < 0) {
            throw new InvalidValueException(LIMIT, "must be 0 (all) or more, got " + limit);
        }
        if (!architecture.accepts(resize)) {
            throw new InvalidValueException(
                    INPUT_SIZE,
                    resize
                            + " is too small for the network; the smallest it accepts is "
                            + architecture.minimumInputSide()
                            + " (the seed uses 224)");
        }
    }

    /** The name of {@link #epochs} in messages. */
    public static final String EPOCHS = "epochs";

    /** The name of {@link #learningRate} in messages. */
    public static final String LEARNING_RATE = "learning rate";

    /** The name of {@link #batchSize} in messages. */
    public static final String BATCH_SIZE = "batch size";

    /** The name of {@link #limit} in messages. */
    public static final String LIMIT = "limit";

    /** The name of {@link #resize} in messages. */
    public static final String INPUT_SIZE = "input size";

    /** The name of {@link #seed} in messages. */
    public static final String SEED = "seed";

    /** The name of {@link #onPlateau} in messages. */
    public static final String ON_PLATEAU = "action on a plateau";

    /** The name of {@link #architecture} in messages. */
    public static final String NETWORK = "network";

    /**
     * Every setting's name, as a caller that fixes them all passes them to {@link ResumePolicy}.
     */
    public static final Set<String> SETTINGS =
            Set.of(EPOCHS, LEARNING_RATE, BATCH_SIZE, LIMIT, INPUT_SIZE, SEED, ON_PLATEAU, NETWORK);

    /**
     * A setting a resumed run may not change, with the run's value and the one asked for.
     *
     * @param setting the setting's name in messages, e.g. {@link #LEARNING_RATE}
     * @param stored the run's value
     * @param asked the value asked for
     */
    public record Conflict(String setting, Object stored, Object asked) {}

    /**
     * What a resumed run may not change: every setting but the number of epochs. Lists the settings
     * among {@code given} whose asked value differs from this stored configuration's.
     *
     * @param asked the configuration asked for now
     * @param given the settings the caller set explicitly (others keep the run's values)
     * @return the conflicts, in the order of the settings; empty when the run can resume
     */
    public List<Conflict> conflicts(TrainingConfig asked, Set<String> given) {
        return Stream.of(
                        new Conflict(LEARNING_RATE, learningRate, asked.learningRate),
                        new Conflict(BATCH_SIZE, batchSize, asked.batchSize),
                        new Conflict(INPUT_SIZE, resize, asked.resize),
                        new Conflict(LIMIT, limit, asked.limit),
                        new Conflict(SEED, seed, asked.seed),
                        new Conflict(ON_PLATEAU, onPlateau, asked.onPlateau),
                        new Conflict(NETWORK, architecture, asked.architecture))
                .filter(c -> given.contains(c.setting()) && !Objects.equals(c.stored(), c.asked()))
                .toList();
    }

    /**
     * This configuration trained for another number of epochs, as a resumed run may be.
     *
     * @param totalEpochs the new total
     * @return the configuration
     */
    public TrainingConfig withEpochs(int totalEpochs) {
        return new TrainingConfig(
                architecture, totalEpochs, learningRate, batchSize, resize, limit, seed, onPlateau);
    }
}
