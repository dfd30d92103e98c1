package io.github.nin4j.model;

/**
 * The kinds of top-level layer in a NiN model, named as the seed's PyTorch classes so that a
 * summary can be put beside the seed's printed table. A {@link Head#FULLY_CONNECTED} head adds
 * linear layers and ReLUs at the top level, as an {@code nn.Sequential} lists them.
 */
public enum LayerKind {
    /** A {@link NinBlock}, an {@code nn.Sequential} in the seed. */
    NIN_BLOCK("Sequential"),
    /** 3×3 max-pooling with stride 2. */
    MAX_POOL("MaxPool2d"),
    /** Dropout, active in training mode only. */
    DROPOUT("Dropout"),
    /** Global average pooling to 1×1, keeping the spatial axes. */
    GLOBAL_AVG_POOL("AdaptiveAvgPool2d"),
    /** Flattens (N, C, H, W) to (N, C·H·W): (N, C) after the global pooling. */
    FLATTEN("Flatten"),
    /** A fully-connected layer of the {@link Head#FULLY_CONNECTED} head. */
    LINEAR("Linear"),
    /** A ReLU between the fully-connected layers of the {@link Head#FULLY_CONNECTED} head. */
    RELU("ReLU");

    private final String torchName;

    LayerKind(String torchName) {
        this.torchName = torchName;
    }

    /**
     * The PyTorch class name of this layer in the seed.
     *
     * @return for example {@code MaxPool2d}
     */
    public String torchName() {
        return torchName;
    }
}
