package io.github.nin4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nin4j.base.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a submission asks of Slurm, checked before anything is submitted. */
class SlurmSubmissionTest {

    private static SlurmSubmission.Builder builder() {
        return SlurmSubmission.builder()
                .setDirectory(Path.of("/shared/exp"))
                .setApplication(new StagedApplication(List.of("java"), Map.of()), "Main")
                .setIndices(List.of(0, 1));
    }

    @Test
    void indicesBecomeSlurmsArrayRanges() {
        assertThat(SlurmSubmission.ranges(List.of(7, 0, 1, 2, 3, 5, 8, 9, 3)))
                .isEqualTo("0-3,5,7-9");
        assertThat(SlurmSubmission.ranges(List.of(4))).isEqualTo("4");
    }

    @Test
    void timeLimitsInEachOfSlurmsForms() {
        assertThat(SlurmSubmission.seconds("90")).isEqualTo(5400);
        assertThat(SlurmSubmission.seconds("5:30")).isEqualTo(330);
        assertThat(SlurmSubmission.seconds("4:00:00")).isEqualTo(14400);
        assertThat(SlurmSubmission.seconds("1-12")).isEqualTo(129600);
        assertThat(SlurmSubmission.seconds("1-0:30")).isEqualTo(88200);
        assertThat(SlurmSubmission.seconds("2-1:00:05")).isEqualTo(176405);
    }

    @Test
    void aTimeLimitShorterThanTheWarningIsRefused() {
        assertThatThrownBy(() -> builder().optTime("3").optSignalSeconds(120).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("time limit 3 leaves no time before the warning 120 s");
        assertThat(builder().optTime("5").optSignalSeconds(120).build()).isNotNull();
    }

    @Test
    void settingsSlurmWouldNotTakeAreRefusedInWords() {
        assertThatThrownBy(() -> builder().optTime("four hours").build())
                .hasMessageContaining("time limit 'four hours' is not Slurm's form");
        assertThatThrownBy(() -> builder().optMemory("12 GB").build())
                .hasMessageContaining("memory '12 GB' is not Slurm's form");
        assertThatThrownBy(() -> builder().optPartition("a b").build())
                .hasMessageContaining("'a b' is not a partition or job name");
        assertThatThrownBy(() -> builder().setIndices(List.of()).build())
                .hasMessageContaining("no cell is left to run");
    }

    @Test
    void aTaskKnowsItsIndexJobAndRestartsFromItsEnvironment() {
        SchedulerTask slurm =
                SchedulerTask.of(
                        Map.of(
                                "SLURM_JOB_ID", "17",
                                "SLURM_ARRAY_JOB_ID", "12",
                                "SLURM_ARRAY_TASK_ID", "3",
                                "SLURM_RESTART_COUNT", "2"));
        assertThat(slurm).isEqualTo(new SchedulerTask(Optional.of(3), Optional.of("12_3"), 2));
        SchedulerTask kubernetes = SchedulerTask.of(Map.of("JOB_COMPLETION_INDEX", "5"));
        assertThat(kubernetes).isEqualTo(new SchedulerTask(Optional.of(5), Optional.empty(), 0));
        assertThat(kubernetes.requeue()).startsWith("not a Slurm task");
        assertThatThrownBy(() -> SchedulerTask.of(Map.of("SLURM_ARRAY_TASK_ID", "x")))
                .hasMessageContaining("task index 'x' from the environment is not a whole number");
    }
}
