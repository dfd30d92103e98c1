package io.github.nin4j.train;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Chooses among a few initialisations before training: NiN's known failure (see {@link
 * PlateauDetector}) is foretold, in part, by how much gradient reaches the first convolution. The
 * candidates are the run's seed and the seeds a restart would have taken after it (each the last
 * plus {@link TrainingLoop#RESTART_SEED_STEP}); each is initialised as the run would be and
 * measured by {@link InitialisationProbe} on the first training images, and the run trains the one
 * whose first convolution gets the largest gradient, relative to its weight. A restart then takes
 * the next candidate in that order. The statistic and the number of candidates come from the seed
 * study in docs/notes/plateau-default.md. It is an addition to the seed's recipe, which trains the
 * seed it is given.
 */
public final class SeedScreening {

    /** Candidates {@code nin train} screens by default. */
    public static final int DEFAULT_CANDIDATES = 4;

    /** The most candidates a run may screen. */
    public static final int MAX_CANDIDATES = 64;

    /** Training images each candidate is measured on, as in the seed study. */
    public static final int IMAGES = 256;

    private SeedScreening() {}

    /**
     * The seeds screened for a run: its own, then each previous plus {@link
     * TrainingLoop#RESTART_SEED_STEP}.
     *
     * @param seed the run's seed
     * @param count how many candidates, from 1 to {@value #MAX_CANDIDATES}
     * @return the candidates' seeds, in order
     */
    public static List<Integer> candidates(int seed, int count) {
        if (count < 1 || count > MAX_CANDIDATES) {
            throw new IllegalArgumentException(
                    "screen 1 to " + MAX_CANDIDATES + " candidates, got " + count);
        }
        return IntStream.range(0, count)
                .mapToObj(i -> seed + i * TrainingLoop.RESTART_SEED_STEP)
                .toList();
    }

    /**
     * Measures the candidates and chooses the one to train.
     *
     * @param probe the run's probe: its network, plan, input size and training images
     * @param seed the run's seed
     * @param count how many candidates
     * @param images how many training images to measure each on, at least 2
     * @return the event to record: every candidate's statistics and the choice
     */
    public static RunEvent.Screened screen(
            InitialisationProbe probe, int seed, int count, int images) {
        long start = System.nanoTime();
        List<InitialStatistics> measured =
                candidates(seed, count).stream().map(c -> probe.measure(c, images)).toList();
        return new RunEvent.Screened(
                measured, ranking(measured).get(0), (System.nanoTime() - start) / 1e9);
    }

    /**
     * The candidates' seeds by decreasing first-convolution gradient, a NaN last; ties keep the
     * order drawn.
     *
     * @param candidates the measured candidates
     * @return their seeds, best first
     */
    public static List<Integer> ranking(List<InitialStatistics> candidates) {
        return candidates.stream()
                .sorted(
                        Comparator.comparingDouble(
                                        (InitialStatistics s) ->
                                                Double.isNaN(s.firstGradient())
                                                        ? Double.NEGATIVE_INFINITY
                                                        : s.firstGradient())
                                .reversed())
                .map(InitialStatistics::seed)
                .toList();
    }

    /**
     * The seed a restart takes: the best-ranked candidate not tried yet, else the last seed tried
     * plus {@link TrainingLoop#RESTART_SEED_STEP}, stepping past any seed already tried.
     *
     * @param ranking the screened seeds, best first; empty without screening
     * @param tried the seeds trained so far, in order
     * @return the next seed
     */
    public static int next(List<Integer> ranking, List<Integer> tried) {
        for (int seed : ranking) {
            if (!tried.contains(seed)) {
                return seed;
            }
        }
        int next = tried.get(tried.size() - 1) + TrainingLoop.RESTART_SEED_STEP;
        while (tried.contains(next)) {
            next += TrainingLoop.RESTART_SEED_STEP;
        }
        return next;
    }
}
