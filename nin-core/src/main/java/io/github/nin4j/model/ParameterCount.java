package io.github.nin4j.model;

import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;

/** Counts the scalar parameters of an initialised block from its parameters' shapes. */
public final class ParameterCount {

    private ParameterCount() {}

    /**
     * Counts every scalar parameter in the block and its children.
     *
     * @param block an initialised block
     * @return the number of scalars
     */
    public static long of(Block block) {
        return block.getParameters().values().stream()
                .mapToLong(p -> p.getArray().getShape().size())
                .sum();
    }

    /**
     * The fully-connected layers of a block, depth first, in the order they are applied.
     *
     * @param block a block
     * @return its {@link Linear} layers
     */
    public static List<Linear> linearLayers(Block block) {
        List<Linear> found = new ArrayList<>();
        if (block instanceof Linear linear) {
            found.add(linear);
        }
        for (Block child : block.getChildren().values()) {
            found.addAll(linearLayers(child));
        }
        return found;
    }
}
