package io.github.nin4j.train;

/**
 * The pointer to a run's last completed epoch, written after its parameters.
 *
 * @param completedEpochs epochs completed so far
 * @param parameters the parameter file, relative to the run directory
 * @param sha256 the parameter file's SHA-256, to tell a damaged file from a good one
 */
public record Checkpoint(int completedEpochs, String parameters, String sha256) {}
