package io.github.nin4j.compute;

import ai.djl.Model;

/**
 * Where a network's trained parameters come from, for example a run directory's checkpoint ({@code
 * RunDirectory::loadParameters}).
 */
@FunctionalInterface
public interface ParameterSource {

    /**
     * Replaces the parameters of an initialised network.
     *
     * @param model the network's model, its block initialised; its manager owns the parameters
     */
    void loadInto(Model model);

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
