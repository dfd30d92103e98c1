package io.github.nin4j.cli;

import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.cluster.SchedulerTask;
import io.github.nin4j.data.ImageDataset;
import io.github.nin4j.experiment.Cell;
import io.github.nin4j.experiment.CellResult;
import io.github.nin4j.experiment.Experiment;
import io.github.nin4j.experiment.ExperimentPlan;
import io.github.nin4j.precision.PrecisionChoice;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;

/**
 * {@code nin experiment cell DIR --index N}: one cell of a planned experiment, as a Slurm array
 * task or a Kubernetes Indexed Job's pod runs it.
 */
@Command(
        name = "cell",
        description = {
            "Run one cell of an experiment that `nin experiment --slurm` planned: the cell's run"
                    + " directory is resumed when it started before, skipped when it finished.",
            "The index defaults to $SLURM_ARRAY_TASK_ID, else $JOB_COMPLETION_INDEX (a Kubernetes"
                    + " Indexed Job). SIGUSR1 or SIGTERM stop it after the current batch and save;"
                    + " after SIGUSR1 (Slurm's warning before the time limit) it requeues itself."
        })
final class ExperimentCellCommand extends Subcommand {

    @Parameters(index = "0", paramLabel = "DIR", description = "The experiment's directory.")
    Path root;

    @Option(
            names = "--index",
            paramLabel = "N",
            description = "The cell's index, from 0 (default: the scheduler's task index).")
    Integer index;

    @Mixin EngineOptions engineOptions;

    @Override
    public Integer call() {
        PrintWriter stdout = stdout();
        PrintWriter err = stderr();
        SchedulerTask task = SchedulerTask.of(System.getenv());
        int cell =
                Optional.ofNullable(index)
                        .or(task::index)
                        .orElseThrow(
                                () ->
                                        new InvalidInputException(
                                                "no cell index: give --index, or run it as a Slurm"
                                                        + " array task or a Kubernetes Indexed"
                                                        + " Job"));
        ExperimentPlan plan = ExperimentPlan.read(root);
        ImageDataset data = ExperimentCommand.dataOf(plan, err);
        AtomicBoolean signalled = new AtomicBoolean();
        // Slurm's warning before the time limit; without a handler it would end the JVM.
        Signal.handle(new Signal("USR1"), s -> signalled.set(true));
        Optional<CellResult> result;
        try (StopOnInterrupt stop = new StopOnInterrupt()) {
            Experiment experiment =
                    ExperimentCommand.planned(plan, data, root)
                            .optCompute(engineOptions.compute(PrecisionChoice.FP32))
                            .optListener(new ExperimentConsole(stdout))
                            .optStopSignal(() -> stop.requested() || signalled.get())
                            .build();
            if (task.restarts() > 0) {
                stdout.printf("Slurm restart %d of this task%n", task.restarts());
            }
            result = experiment.runCell(cell);
            if (result.isEmpty()) {
                Cell stopped = experiment.cells().get(cell);
                // Slurm's warning before the time limit: the task requeues itself, as Slurm does
                // not requeue a task that ran out of time. SIGTERM alone is a cancel, or Slurm's
                // own requeue or preemption: the cell saves and leaves the rest to Slurm.
                stdout.printf(
                        "cell %s stopped and saved; %s%n",
                        stopped.name(),
                        signalled.get()
                                ? task.requeue()
                                : "not requeued by the cell (no time-limit warning): Slurm"
                                        + " requeues it if it requeued or preempted it, else"
                                        + " resubmit to continue");
                stdout.flush();
                return 130;
            }
        }
        stdout.printf("cell %s finished%n", result.get().cell().name());
        stdout.flush();
        return 0;
    }
}
