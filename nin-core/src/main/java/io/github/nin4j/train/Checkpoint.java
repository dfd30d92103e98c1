package io.github.nin4j.train;

/**
 * The pointer to a run's last completed epoch, written after its parameters.
 *
 * @param completedEpochs epochs completed so far
 * @param parameters the parameter file, relative to the run directory
 * @param sha256 the parameter file's SHA-256, to tell a damaged file from a good one
 * @param seed the seed whose training these parameters are; null in checkpoints written before it
 *     was recorded and in imported runs. A resume uses the checkpoint only when this is the
 *     manifest's current seed: a run killed after a restart was recorded but before the old seed's
 *     checkpoint was removed must start the new seed afresh, not continue the old one's weights.
 */
public record Checkpoint(int completedEpochs, String parameters, String sha256, Integer seed) {

    /**
     * Whether these parameters are the given seed's training (or of an unrecorded seed).
     *
     * @param currentSeed the seed being trained
     * @return true when a resume of that seed may continue from this checkpoint
     */
    public boolean belongsTo(int currentSeed) {
        return seed == null || seed == currentSeed;
    }
}
