package io.github.nin4j.compute;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

/**
 * Where a network's trained parameters come from, for example a run directory's checkpoint ({@code
 * RunDirectory::loadParameters}).
 */
@FunctionalInterface
public interface ParameterSource {

    /**
     * Replaces the parameters of an initialised network.
     *
     * @param block the network's block, initialised
     * @param manager the manager that owns the parameters
     */
    void loadInto(Block block, NDManager manager);
}
