package io.github.nin4j.model;

import java.util.List;

/** Architectures the tests share. */
public final class TestArchitectures {

    /**
     * A two-block NiN that learns {@code LearnableImages} in seconds: 16 channels (5×5, padding 2),
     * then the 10 classes (3×3, padding 1).
     */
    public static final NinArchitecture SMALL =
            NinArchitecture.builder()
                    .optBlocks(List.of(new BlockSpec(16, 5, 1, 2), new BlockSpec(10, 3, 1, 1)))
                    .build();

    private TestArchitectures() {}
}
