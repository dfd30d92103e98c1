package io.github.nin4j.data;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The order in which an epoch visits the examples: 0, 1, 2, … when not shuffled, otherwise a
 * Fisher–Yates permutation drawn from a generator seeded by the seed and the epoch alone, so that
 * any epoch can be replayed without replaying those before it (resuming from a checkpoint gives the
 * same batches).
 */
final class EpochOrder {

    /** Spreads consecutive epochs far apart in the generator's seed space (the golden ratio). */
    private static final long EPOCH_STRIDE = 0x9E3779B97F4A7C15L;

    private final int size;
    private final boolean shuffle;
    private final long seed;

    /** An order over {@code size} examples. */
    EpochOrder(int size, boolean shuffle, long seed) {
        this.size = size;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    /** The example indices in the order epoch {@code epoch} (from 0) visits them. */
    int[] of(int epoch) {
        int[] order = IntStream.range(0, size).toArray();
        if (shuffle) {
            SplittableRandom random = new SplittableRandom(seed + epoch * EPOCH_STRIDE);
            for (int i = size - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
        }
        return order;
    }
}
