package io.github.nin4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nin4j.model.NinArchitecture;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {

    private static final TrainingConfig STORED =
            new TrainingConfig(NinArchitecture.seed(), 10, 0.1, 128, 224, 0, 1, OnPlateau.WARN);

    @Test
    void aResumedRunMayChangeOnlyItsEpochs() {
        TrainingConfig asked =
                new TrainingConfig(
                        NinArchitecture.builder().optDropout(0.3).build(),
                        20,
                        0.05,
                        128,
                        96,
                        0,
                        1,
                        OnPlateau.WARN);

        assertThat(
                        STORED.conflicts(
                                asked,
                                Set.of(
                                        TrainingConfig.LEARNING_RATE,
                                        TrainingConfig.BATCH_SIZE,
                                        TrainingConfig.NETWORK,
                                        TrainingConfig.EPOCHS)))
                .containsExactly(
                        new TrainingConfig.Conflict(TrainingConfig.LEARNING_RATE, 0.1, 0.05),
                        new TrainingConfig.Conflict(
                                TrainingConfig.NETWORK,
                                STORED.architecture(),
                                asked.architecture()));
        // A setting not given keeps the run's value, whatever the default asked.
        assertThat(STORED.conflicts(asked, Set.of())).isEmpty();
        assertThat(STORED.withEpochs(20))
                .isEqualTo(
                        new TrainingConfig(
                                NinArchitecture.seed(), 20, 0.1, 128, 224, 0, 1, OnPlateau.WARN));
    }
}
