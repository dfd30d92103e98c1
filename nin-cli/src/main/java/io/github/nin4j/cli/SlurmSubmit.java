package io.github.nin4j.cli;

import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.cluster.SlurmSubmission;
import io.github.nin4j.cluster.StagedApplication;
import io.github.nin4j.data.ImageDataset;
import io.github.nin4j.experiment.Experiment;
import io.github.nin4j.experiment.ExperimentGrid;
import io.github.nin4j.experiment.ExperimentPlan;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * {@code nin experiment --slurm}: writes the plan and the data into the experiment's directory,
 * stages this application there, submits the unfinished cells and the report, and says how to watch
 * them.
 */
final class SlurmSubmit {

    private SlurmSubmit() {}

    static int submit(ExperimentCommand command) {
        PrintWriter stdout = command.stdout();
        PrintWriter err = command.stderr();
        Path root =
                (command.out != null ? command.out : Commands.timestamped("experiments"))
                        .toAbsolutePath()
                        .normalize();
        List<String> active = SlurmSubmission.activeJobs(root);
        if (!active.isEmpty()) {
            throw new InvalidInputException(
                    ("jobs of %s are still queued or running (%s); wait for them, or cancel them"
                                    + " with scancel, then submit again")
                            .formatted(root, String.join(", ", active)));
        }
        ExperimentPlan plan;
        if (ExperimentPlan.exists(root)) {
            plan = ExperimentPlan.read(root);
            if (command.gridGiven() && !command.grid().equals(plan.grid())) {
                throw new InvalidInputException(
                        ("experiment directory %s holds another grid; leave out the grid's"
                                        + " options to resubmit it, or give another --out")
                                .formatted(root));
            }
        } else {
            ExperimentGrid grid = command.grid();
            try {
                Files.createDirectories(root);
            } catch (IOException e) {
                throw new InvalidInputException(
                        "cannot create experiment directory " + root + ": " + e.getMessage(), e);
            }
            plan =
                    new ExperimentPlan(
                            grid,
                            command.blocks == null ? List.of() : command.blocks,
                            command.dataOptions.stageForCells(err, root));
        }
        // Loading the data as the cells will checks it, and builds an image folder's cache once.
        ImageDataset data = ExperimentCommand.dataOf(plan, err);
        Experiment experiment = ExperimentCommand.planned(plan, data, root).build();
        ExperimentCommand.checkMemory(plan.grid(), experiment.baseArchitecture());
        plan.write(root);
        int total = experiment.cells().size();
        List<Integer> unfinished = experiment.unfinishedIndices();
        if (unfinished.isEmpty()) {
            stdout.printf(
                    "every one of the %d cells of %s has finished; write the report with: nin"
                            + " experiment report %s%n",
                    total, root, root);
            stdout.flush();
            return 0;
        }
        stdout.printf("staging the application into %s%n", root.resolve("app"));
        stdout.flush();
        SlurmOptions slurm = command.slurmOptions;
        SlurmSubmission.Submitted submitted =
                SlurmSubmission.builder()
                        .setDirectory(root)
                        .setApplication(stage(root), NinCommand.class.getName())
                        .setIndices(unfinished)
                        .optPartition(slurm.partition)
                        .optTime(slurm.time)
                        .optCpusPerTask(slurm.cpusPerTask)
                        .optMemory(slurm.memory)
                        .optParallel(slurm.parallel)
                        .optSignalSeconds(slurm.signalLead)
                        .optJobName("nin-" + root.getFileName())
                        .build()
                        .submit();
        stdout.printf(
                "submitted %d of %d cells as Slurm array job %s (tasks %s), and job %s to write"
                        + " the report after them%n",
                unfinished.size(),
                total,
                submitted.arrayJob(),
                submitted.array(),
                submitted.reportJob());
        stdout.printf("watch:    squeue -j %s,%s%n", submitted.arrayJob(), submitted.reportJob());
        stdout.printf("          nin view %s%n", root);
        stdout.printf("logs:     %s/cell-<index>.out%n", root.resolve("slurm").resolve("logs"));
        stdout.printf(
                "report:   %s, when job %s ends%n",
                root.resolve("report.md"), submitted.reportJob());
        stdout.printf("resubmit what did not finish: nin experiment --slurm --out %s%n", root);
        stdout.flush();
        return 0;
    }

    /** This process's Java, options, class path and preloaded allocator, staged. */
    private static StagedApplication stage(Path root) {
        List<Path> classpath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                classpath.addAll(expanded(Path.of(entry)));
            }
        }
        Optional<Path> allocator =
                Optional.ofNullable(System.getenv("LD_PRELOAD")).stream()
                        .flatMap(value -> Arrays.stream(value.split("[: ]")))
                        .filter(lib -> lib.contains("malloc"))
                        .map(Path::of)
                        .filter(Files::isRegularFile)
                        .findFirst();
        List<String> options =
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(option -> !option.startsWith("-agentlib"))
                        .filter(option -> !option.startsWith("-javaagent"))
                        .toList();
        return StagedApplication.stage(
                root,
                Path.of(System.getProperty("java.home"), "bin", "java"),
                options,
                classpath,
                allocator);
    }

    /** A jar whose manifest names its class path (as a test runner's does), as those entries. */
    private static List<Path> expanded(Path entry) {
        if (!entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            return Files.exists(entry) ? List.of(entry) : List.of();
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath =
                    manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null || jar.stream().anyMatch(e -> e.getName().endsWith(".class"))) {
                return List.of(entry);
            }
            List<Path> entries = new ArrayList<>();
            for (String url : classPath.trim().split("\\s+")) {
                Path path =
                        url.startsWith("file:")
                                ? Path.of(java.net.URI.create(url))
                                : entry.resolveSibling(url);
                if (Files.exists(path)) {
                    entries.add(path);
                }
            }
            return entries;
        } catch (IOException e) {
            return List.of(entry);
        }
    }
}
