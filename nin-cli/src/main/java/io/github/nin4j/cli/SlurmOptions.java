package io.github.nin4j.cli;

import picocli.CommandLine.Option;

/** How {@code nin experiment --slurm} asks Slurm for its tasks. */
final class SlurmOptions {

    @Option(
            names = "--slurm",
            description =
                    "Submit the cells as a Slurm array job (one task a cell) and a report job that"
                            + " runs when they end, then exit. Given again with the same --out, it"
                            + " resubmits only the cells that have not finished.")
    boolean slurm;

    @Option(
            names = "--partition",
            paramLabel = "NAME",
            description = "With --slurm: the partition (default: the cluster's default).")
    String partition;

    @Option(
            names = "--time",
            paramLabel = "LIMIT",
            description =
                    "With --slurm: each task's time limit, e.g. 4:00:00 (default: the"
                            + " partition's). A task near its limit saves and requeues itself.")
    String time;

    @Option(
            names = "--cpus-per-task",
            paramLabel = "N",
            defaultValue = "2",
            description = "With --slurm: CPUs per task (default: ${DEFAULT-VALUE}).")
    int cpusPerTask;

    @Option(
            names = "--mem",
            paramLabel = "SIZE",
            defaultValue = "12G",
            description = "With --slurm: memory per task (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            defaultValue = "0",
            description = "With --slurm: tasks running at once, at most (default: no limit).")
    int parallel;

    @Option(
            names = "--signal-lead",
            paramLabel = "SECONDS",
            defaultValue = "120",
            description =
                    "With --slurm: how long before its time limit a task is told to save and"
                            + " requeue (default: ${DEFAULT-VALUE}).")
    int signalLead;
}
