package io.github.nin4j.experiment;

import java.nio.file.Path;

/**
 * One run of an experiment: a variant trained with a seed, in its own run directory.
 *
 * @param variant the variant
 * @param seed the seed
 * @param directory the run directory, {@code <experiment>/<variant>/seed-<seed>}
 */
public record Cell(Variant variant, int seed, Path directory) {

    /** How a cell's directory name starts, before its seed. */
    public static final String PREFIX = "seed-";

    /**
     * The cell of a variant and seed under an experiment's directory.
     *
     * @param root the experiment's directory
     * @param variant the variant
     * @param seed the seed
     * @return the cell
     */
    public static Cell of(Path root, Variant variant, int seed) {
        return new Cell(variant, seed, root.resolve(variant.name()).resolve(directoryName(seed)));
    }

    /**
     * The cell's name in messages.
     *
     * @return e.g. {@code no-1x1/seed-2}
     */
    public String name() {
        return variant.name() + "/" + directoryName(seed);
    }

    /**
     * The directory name of a seed's cell under its variant's directory.
     *
     * @param seed the seed
     * @return e.g. {@code seed-2}
     */
    public static String directoryName(int seed) {
        return PREFIX + seed;
    }
}
