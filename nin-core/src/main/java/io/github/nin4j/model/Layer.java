package io.github.nin4j.model;

import ai.djl.nn.Block;

/**
 * One top-level layer of a built NiN model: its kind and the DJL block that computes it.
 *
 * @param kind what the layer is
 * @param block the block, a child of the model's sequential block
 */
public record Layer(LayerKind kind, Block block) {}
