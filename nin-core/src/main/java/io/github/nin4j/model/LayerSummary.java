package io.github.nin4j.model;

import ai.djl.ndarray.types.Shape;

/**
 * One row of a model summary.
 *
 * @param kind the layer's kind
 * @param outputShape the layer's output shape
 * @param parameters the number of scalar parameters in the layer
 * @param multiplyAdds multiply-adds per example in the layer's convolutions and linear maps
 */
public record LayerSummary(LayerKind kind, Shape outputShape, long parameters, long multiplyAdds) {}
