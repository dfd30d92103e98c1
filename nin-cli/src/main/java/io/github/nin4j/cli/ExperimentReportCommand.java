package io.github.nin4j.cli;

import io.github.nin4j.cluster.SlurmSubmission;
import io.github.nin4j.data.ImageDataset;
import io.github.nin4j.experiment.Cell;
import io.github.nin4j.experiment.Experiment;
import io.github.nin4j.experiment.ExperimentPlan;
import io.github.nin4j.experiment.ExperimentReport;
import io.github.nin4j.experiment.ExperimentResult;
import io.github.nin4j.experiment.UnfinishedCell;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code nin experiment report DIR}: the report of a planned experiment from the cells that
 * finished, naming those that did not with their last line of output.
 */
@Command(
        name = "report",
        description = {
            "Write report.md, report.csv, report.json and the curves of an experiment that `nin"
                    + " experiment --slurm` planned, from the cells that finished; the cells that"
                    + " did not are named with their state and last line of output.",
            "Exit 0 when every cell finished, 1 when some did not (the report is written"
                    + " all the same when at least one did)."
        })
final class ExperimentReportCommand extends Subcommand {

    @Parameters(index = "0", paramLabel = "DIR", description = "The experiment's directory.")
    Path root;

    @Override
    public Integer call() {
        PrintWriter stdout = stdout();
        ExperimentPlan plan = ExperimentPlan.read(root);
        ImageDataset data = ExperimentCommand.dataOf(plan, stderr());
        Experiment experiment = ExperimentCommand.planned(plan, data, root).build();
        List<Cell> cells = experiment.cells();
        ExperimentResult result = experiment.collect(cell -> lastLine(cells.indexOf(cell)));
        int total = result.cells().size() + result.unfinished().size();
        stdout.printf("%d of %d cells finished%n", result.cells().size(), total);
        for (UnfinishedCell u : result.unfinished()) {
            stdout.printf(
                    "  %s: %s after %d epochs%s%n",
                    u.cell().name(),
                    u.state(),
                    u.completedEpochs(),
                    u.lastLine().map(line -> "; last output: " + line).orElse(""));
        }
        if (result.cells().isEmpty()) {
            stdout.println("no cell has finished: no report written");
            stdout.flush();
            return 1;
        }
        ExperimentReport report = ExperimentReport.of(result);
        report.write(root);
        ExperimentCommand.printSummaries(stdout, report);
        stdout.printf("report: %s%n", root.resolve("report.md"));
        stdout.flush();
        return result.complete() ? 0 : 1;
    }

    /** The last line the Slurm task of the cell at an index printed, from its log. */
    private Optional<String> lastLine(int index) {
        Path log =
                root.resolve(SlurmSubmission.FOLDER)
                        .resolve("logs")
                        .resolve("cell-" + index + ".out");
        try {
            if (!Files.isRegularFile(log)) {
                return Optional.empty();
            }
            return Files.readAllLines(log).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .reduce((earlier, later) -> later);
        } catch (IOException e) {
            return Optional.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }
}
