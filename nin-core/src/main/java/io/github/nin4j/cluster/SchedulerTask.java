package io.github.nin4j.cluster;

import io.github.nin4j.base.InvalidInputException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running task as its scheduler describes it in the environment: a Slurm array task ({@code
 * SLURM_ARRAY_TASK_ID}, {@code SLURM_RESTART_COUNT}) or a Kubernetes Indexed Job's pod ({@code
 * JOB_COMPLETION_INDEX}).
 *
 * @param index the task's index, when the scheduler gives one
 * @param slurmJob the Slurm job id to requeue ({@code <array job>_<task>} for an array task)
 * @param restarts how often Slurm restarted the task ({@code SLURM_RESTART_COUNT}), 0 otherwise
 */
public record SchedulerTask(Optional<Integer> index, Optional<String> slurmJob, int restarts) {

    /**
     * The task this process is, from its environment.
     *
     * @param env the environment, e.g. {@code System.getenv()}
     * @return the task; empty fields outside a scheduler
     */
    public static SchedulerTask of(Map<String, String> env) {
        String arrayJob = env.get("SLURM_ARRAY_JOB_ID");
        String task = env.get("SLURM_ARRAY_TASK_ID");
        Optional<Integer> index =
                Optional.ofNullable(task)
                        .or(() -> Optional.ofNullable(env.get("JOB_COMPLETION_INDEX")))
                        .map(value -> number(value, "task index"));
        Optional<String> job =
                arrayJob != null && task != null
                        ? Optional.of(arrayJob + "_" + task)
                        : Optional.ofNullable(env.get("SLURM_JOB_ID"));
        int restarts =
                Optional.ofNullable(env.get("SLURM_RESTART_COUNT"))
                        .map(value -> number(value, "SLURM_RESTART_COUNT"))
                        .orElse(0);
        return new SchedulerTask(index, job, restarts);
    }

    private static int number(String value, String what) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(
                    what + " '" + value + "' from the environment is not a whole number", e);
        }
    }

    /**
     * Asks Slurm to requeue this task ({@code scontrol requeue}), as a task that stops before its
     * time limit must do itself: Slurm requeues a preempted job, not one that ran out of time.
     *
     * @return a line saying what happened
     */
    public String requeue() {
        if (slurmJob.isEmpty()) {
            return "not a Slurm task; run the same command again to resume";
        }
        try {
            SlurmCommand done =
                    SlurmCommand.run(List.of("scontrol", "requeue", slurmJob.get()), null, 60);
            if (done.exitCode().isEmpty()) {
                return "scontrol requeue " + slurmJob.get() + " did not answer within 60 s";
            }
            return done.succeeded()
                    ? "requeued Slurm job " + slurmJob.get()
                    : "scontrol requeue " + slurmJob.get() + " failed: " + done.output();
        } catch (IOException e) {
            return "cannot run scontrol: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while requeueing " + slurmJob.get();
        }
    }
}
