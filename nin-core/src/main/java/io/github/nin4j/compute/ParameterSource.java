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

    /**
     * Where the parameters come from, for messages: {@link NinModel} refuses loaded parameters that
     * are not finite, naming this source.
     *
     * @return for example {@code "checkpoint runs/x/params/nin-0002.params"}
     */
    default String description() {
        return "the loaded parameters";
    }

    /**
     * How to get finite parameters instead, for the message that refuses these.
     *
     * @return a remedy in words
     */
    default String remedy() {
        return "load weights that did not diverge";
    }
}
