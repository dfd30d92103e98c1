package io.github.nin4j.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One of Slurm's client commands ({@code sbatch}, {@code squeue}, {@code scontrol}) run to its end:
 * its exit status and its output, standard error included.
 *
 * @param command the command and its arguments
 * @param exitCode its exit status; empty when it did not end in time and was killed
 * @param output what it printed, trimmed
 */
record SlurmCommand(List<String> command, Optional<Integer> exitCode, String output) {

    /**
     * Runs a command in {@code directory} (null: this process's) and waits for it, killing it after
     * the timeout; IOException when it cannot be started (not installed).
     */
    static SlurmCommand run(List<String> command, Path directory, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process = builder.start();
        String output =
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new SlurmCommand(command, Optional.empty(), output);
        }
        return new SlurmCommand(command, Optional.of(process.exitValue()), output);
    }

    /** The command's name, for messages. */
    String name() {
        return command.get(0);
    }

    /** Whether it ended with status 0. */
    boolean succeeded() {
        return exitCode.isPresent() && exitCode.get() == 0;
    }
}
