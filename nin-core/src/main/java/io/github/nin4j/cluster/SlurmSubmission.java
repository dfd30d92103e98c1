package io.github.nin4j.cluster;

import io.github.nin4j.base.AtomicFile;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An experiment's cells submitted to Slurm as one array job, one task a cell, and a report job that
 * runs when the array has ended, however its tasks ended ({@code --dependency=afterany}). Nothing
 * stays running on the submitting machine.
 *
 * <p>Each task is requeue-safe: submitted with {@code --requeue} and {@code --open-mode=append},
 * and with {@code --signal=B:USR1@S} so that the task hears of its time limit while it can still
 * save; the task's command (see {@code nin experiment cell}) saves at the next batch boundary and
 * requeues itself. The scripts are written to {@code slurm/} in the experiment's directory, the
 * tasks' output to {@code slurm/logs/cell-<index>.out}.
 */
public final class SlurmSubmission {

    /** The folder of scripts and logs in the experiment's directory. */
    public static final String FOLDER = "slurm";

    private static final String JOBS = "jobs.txt";

    private static final Pattern TIME = Pattern.compile("(\\d+-)?\\d+(:\\d{1,2}){0,2}");
    private static final Pattern MEMORY = Pattern.compile("\\d+[KMGT]?");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9._,-]+");

    private final Path root;
    private final StagedApplication application;
    private final String mainClass;
    private final List<Integer> indices;
    private final String partition;
    private final String time;
    private final int cpusPerTask;
    private final String memory;
    private final int parallel;
    private final int signalSeconds;
    private final String jobName;

    private SlurmSubmission(Builder b) {
        this.root = b.root.toAbsolutePath().normalize();
        this.application = b.application;
        this.mainClass = b.mainClass;
        this.indices = List.copyOf(b.indices);
        this.partition = b.partition;
        this.time = b.time;
        this.cpusPerTask = b.cpusPerTask;
        this.memory = b.memory;
        this.parallel = b.parallel;
        this.signalSeconds = b.signalSeconds;
        this.jobName = b.jobName;
    }

    /**
     * Starts a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The jobs a submission made.
     *
     * @param arrayJob the array job's id
     * @param reportJob the report job's id
     * @param array the array's task indices as given to {@code --array}
     */
    public record Submitted(String arrayJob, String reportJob, String array) {}

    /**
     * Writes the scripts and submits the array and the report job.
     *
     * @return the jobs' ids
     * @throws InvalidInputException when {@code sbatch} is missing or refuses
     */
    public Submitted submit() {
        Path folder = root.resolve(FOLDER);
        try {
            Files.createDirectories(folder.resolve("logs"));
        } catch (IOException e) {
            throw new InvalidInputException("cannot create " + folder + ": " + Reasons.of(e), e);
        }
        Path cells = script(true);
        Path report = script(false);
        String array = ranges(indices) + (parallel > 0 ? "%" + parallel : "");
        String arrayJob = sbatch(List.of("--array=" + array, cells.toString()));
        String reportJob = sbatch(List.of("--dependency=afterany:" + arrayJob, report.toString()));
        List<String> jobs = new ArrayList<>(submittedJobs(root));
        jobs.add(arrayJob);
        jobs.add(reportJob);
        String text = String.join("\n", jobs) + "\n";
        AtomicFile.write(
                folder.resolve(JOBS), out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
        return new Submitted(arrayJob, reportJob, array);
    }

    /**
     * The jobs submitted for an experiment's directory so far, oldest first.
     *
     * @param root the experiment's directory
     * @return their ids
     */
    public static List<String> submittedJobs(Path root) {
        Path file = root.resolve(FOLDER).resolve(JOBS);
        try {
            return Files.isRegularFile(file)
                    ? Files.readAllLines(file).stream()
                            .map(String::trim)
                            .filter(l -> !l.isEmpty())
                            .toList()
                    : List.of();
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + Reasons.of(e), e);
        }
    }

    /**
     * Those of an experiment's jobs that Slurm still has queued or running, so that a cell is never
     * run twice at once.
     *
     * @param root the experiment's directory
     * @return each as {@code <id> <state>}; empty when none
     */
    public static List<String> activeJobs(Path root) {
        List<String> jobs = submittedJobs(root);
        if (jobs.isEmpty()) {
            return List.of();
        }
        // Every job squeue knows, filtered here: asking for ids Slurm has forgotten is an error.
        String output = run(List.of("squeue", "-h", "-o", "%A %i %T"), root);
        List<String> active = new ArrayList<>();
        for (String line : output.lines().toList()) {
            String[] words = line.trim().split("\\s+");
            if (words.length == 3
                    && (jobs.contains(words[0]) || jobs.contains(words[1].split("_")[0]))) {
                active.add(words[1] + " " + words[2]);
            }
        }
        return active;
    }

    /** The {@code #SBATCH} options of the cells' array job, or of the report job. */
    private List<String> header(boolean cells) {
        List<String> lines = new ArrayList<>();
        if (partition != null) {
            lines.add("--partition=" + partition);
        }
        lines.add("--job-name=" + jobName + (cells ? "" : "-report"));
        Path log =
                root.resolve(FOLDER).resolve("logs").resolve(cells ? "cell-%a.out" : "report.out");
        lines.add("--output=" + log);
        lines.add("--open-mode=append");
        if (cells) {
            lines.add("--requeue");
            lines.add("--signal=B:USR1@" + signalSeconds);
        }
        lines.add("--ntasks=1");
        lines.add("--cpus-per-task=" + cpusPerTask);
        if (memory != null) {
            lines.add("--mem=" + memory);
        }
        if (cells && time != null) {
            lines.add("--time=" + time);
        }
        return lines;
    }

    /** Writes the script of the cells' array job, or of the report job, and returns its path. */
    private Path script(boolean cells) {
        Path file = root.resolve(FOLDER).resolve(cells ? "cells.sbatch" : "report.sbatch");
        List<String> arguments =
                cells
                        ? List.of("experiment", "cell", root.toString(), "--index")
                        : List.of("experiment", "report", root.toString());
        StringBuilder text = new StringBuilder("#!/bin/bash\n");
        text.append("# Written by nin experiment --slurm; submitted with sbatch.\n");
        header(cells).forEach(line -> text.append("#SBATCH ").append(line).append('\n'));
        for (Map.Entry<String, String> e : application.environment().entrySet()) {
            text.append("export ").append(e.getKey()).append('=').append(quote(e.getValue()));
            text.append('\n');
        }
        // exec: the JVM is the batch shell, so that --signal=B:USR1 reaches it. USR1 is ignored
        // until the JVM has installed its handler: by default it would end the JVM.
        text.append("trap '' USR1\n");
        text.append("exec");
        application.command().forEach(word -> text.append(' ').append(quote(word)));
        text.append(' ').append(quote(mainClass));
        arguments.forEach(word -> text.append(' ').append(quote(word)));
        if (cells) {
            text.append(" \"$SLURM_ARRAY_TASK_ID\"");
        }
        text.append('\n');
        AtomicFile.write(file, out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException | UnsupportedOperationException e) {
            // sbatch reads the script; the mode is a convenience for running it by hand
        }
        return file;
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private String sbatch(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("sbatch", "--parsable"));
        command.addAll(arguments);
        String output = run(command, root);
        String[] lines = output.split("\n");
        String last = lines[lines.length - 1].trim();
        if (!last.matches("\\d+(;\\S+)?")) {
            throw new InvalidInputException(
                    "sbatch refused the job: " + output.replace('\n', ' ') + "; nothing was run");
        }
        return last.split(";")[0];
    }

    /** Runs one of Slurm's commands; its output, or one line saying why it failed. */
    private static String run(List<String> command, Path directory) {
        try {
            SlurmCommand done = SlurmCommand.run(command, directory, 120);
            if (done.exitCode().isEmpty()) {
                throw new InvalidInputException(
                        done.name() + " did not answer within 120 s; is slurmctld running?");
            }
            if (!done.succeeded()) {
                throw new InvalidInputException(
                        "%s failed: %s; nothing was submitted"
                                .formatted(done.name(), done.output().replace('\n', ' ')));
            }
            return done.output();
        } catch (IOException e) {
            throw new InvalidInputException(
                    "cannot run %s (%s); submit from a machine with Slurm's client commands"
                            .formatted(command.get(0), Reasons.of(e)),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidInputException("interrupted while talking to Slurm", e);
        }
    }

    /** A time limit in seconds, from Slurm's forms: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S. */
    static long seconds(String time) {
        int dash = time.indexOf('-');
        long days = dash < 0 ? 0 : Long.parseLong(time.substring(0, dash));
        String[] parts = time.substring(dash + 1).split(":");
        // The first field is hours after a day or before two more fields, otherwise minutes.
        long unit = dash >= 0 || parts.length == 3 ? 3600 : 60;
        long seconds = 0;
        for (String part : parts) {
            seconds += Long.parseLong(part) * unit;
            unit /= 60;
        }
        return days * 86400 + seconds;
    }

    /** Indices as {@code --array} takes them, sorted, consecutive ones as ranges: 0-3,5,7-9. */
    static String ranges(List<Integer> indices) {
        List<Integer> sorted = indices.stream().distinct().sorted().toList();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            parts.add(i == j ? "" + sorted.get(i) : sorted.get(i) + "-" + sorted.get(j));
            i = j + 1;
        }
        return String.join(",", parts);
    }

    /** Builds a {@link SlurmSubmission}; directory, application and indices are required. */
    public static final class Builder {
        private Path root;
        private StagedApplication application;
        private String mainClass;
        private List<Integer> indices;
        private String partition;
        private String time;
        private int cpusPerTask = 2;
        private String memory = "12G";
        private int parallel;
        private int signalSeconds = 120;
        private String jobName = "nin";

        private Builder() {}

        /**
         * Sets the experiment's directory, which holds its plan.
         *
         * @param root the directory, on a file system the nodes share
         * @return this builder
         */
        public Builder setDirectory(Path root) {
            this.root = root;
            return this;
        }

        /**
         * Sets the staged application and the main class the tasks run.
         *
         * @param application the staged application
         * @param mainClass its command-line class
         * @return this builder
         */
        public Builder setApplication(StagedApplication application, String mainClass) {
            this.application = application;
            this.mainClass = mainClass;
            return this;
        }

        /**
         * Sets the cells to run, by index.
         *
         * @param indices the cells' indices
         * @return this builder
         */
        public Builder setIndices(List<Integer> indices) {
            this.indices = indices;
            return this;
        }

        /**
         * Sets the partition (default: the cluster's default).
         *
         * @param partition the partition
         * @return this builder
         */
        public Builder optPartition(String partition) {
            this.partition = partition;
            return this;
        }

        /**
         * Sets each task's time limit, as Slurm writes it (default: the partition's).
         *
         * @param time e.g. {@code 4:00:00} or {@code 1-12:00:00}
         * @return this builder
         */
        public Builder optTime(String time) {
            this.time = time;
            return this;
        }

        /**
         * Sets the CPUs each task asks for (default 2).
         *
         * @param cpus the CPUs per task
         * @return this builder
         */
        public Builder optCpusPerTask(int cpus) {
            this.cpusPerTask = cpus;
            return this;
        }

        /**
         * Sets the memory each task asks for (default {@code 12G}); null for the partition's.
         *
         * @param memory e.g. {@code 12G}
         * @return this builder
         */
        public Builder optMemory(String memory) {
            this.memory = memory;
            return this;
        }

        /**
         * Sets how many tasks may run at once (default: no limit).
         *
         * @param parallel the limit; 0 for none
         * @return this builder
         */
        public Builder optParallel(int parallel) {
            this.parallel = parallel;
            return this;
        }

        /**
         * Sets how long before its time limit a task is told to save and requeue (default 120 s).
         *
         * @param seconds the lead
         * @return this builder
         */
        public Builder optSignalSeconds(int seconds) {
            this.signalSeconds = seconds;
            return this;
        }

        /**
         * Sets the jobs' name (default {@code nin}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder optJobName(String name) {
            this.jobName = name;
            return this;
        }

        /**
         * Checks the settings.
         *
         * @return the submission
         * @throws InvalidInputException naming the setting that cannot be used
         */
        public SlurmSubmission build() {
            if (root == null || application == null || mainClass == null || indices == null) {
                throw new IllegalStateException("directory, application and indices are required");
            }
            if (indices.isEmpty()) {
                throw new InvalidInputException("no cell is left to run");
            }
            if (time != null && !TIME.matcher(time).matches()) {
                throw new InvalidInputException(
                        "time limit '" + time + "' is not Slurm's form; give e.g. 4:00:00");
            }
            // Slurm sends the warning up to a minute early; it must come after the task started.
            if (time != null && seconds(time) < signalSeconds + 120) {
                throw new InvalidInputException(
                        ("time limit %s leaves no time before the warning %d s ahead of it (Slurm"
                                        + " may send it a minute early); give a time limit of at"
                                        + " least %d s or a shorter warning")
                                .formatted(time, signalSeconds, signalSeconds + 120));
            }
            if (memory != null && !MEMORY.matcher(memory).matches()) {
                throw new InvalidInputException(
                        "memory '" + memory + "' is not Slurm's form; give e.g. 12G");
            }
            for (String word : new String[] {partition, jobName}) {
                if (word != null && !WORD.matcher(word).matches()) {
                    throw new InvalidInputException(
                            "'" + word + "' is not a partition or job name Slurm takes");
                }
            }
            if (cpusPerTask < 1 || parallel < 0 || signalSeconds < 1) {
                throw new InvalidInputException(
                        "CPUs per task and the signal's lead must be at least 1, the parallel"
                                + " limit at least 0");
            }
            return new SlurmSubmission(this);
        }
    }
}
