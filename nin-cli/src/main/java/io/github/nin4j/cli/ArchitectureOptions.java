package io.github.nin4j.cli;

import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.Head;
import io.github.nin4j.model.NinArchitecture;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that describe a NiN architecture; their defaults are the seed's network. */
final class ArchitectureOptions {

    @Option(
            names = "--classes",
            paramLabel = "N",
            description = "Number of classes, the last block's width (default: the last block's).")
    Integer classes;

    @Option(
            names = "--block",
            paramLabel = "C:K:S:P",
            split = ",",
            description =
                    "NiN blocks as CHANNELS:KERNEL:STRIDE:PADDING, repeated or comma-separated"
                            + " (default: 96:11:4:0,256:5:1:2,384:3:1:1,10:3:1:1, the seed's).")
    List<String> blocks;

    @Option(
            names = "--dropout",
            paramLabel = "RATE",
            description =
                    "Dropout rate before the last block, or in the fully-connected head (default:"
                            + " ${DEFAULT-VALUE}).",
            defaultValue = "0.5")
    double dropout;

    // Null when not given, so that import can tell an explicit architecture from an inferred one.
    @Option(
            names = "--pointwise",
            paramLabel = "N",
            description =
                    "1x1 convolutions after each block's first convolution, 0 to "
                            + NinArchitecture.MAX_POINTWISE
                            + " (default: "
                            + NinArchitecture.DEFAULT_POINTWISE
                            + ", the seed's).")
    Integer pointwise;

    @Option(
            names = "--head",
            paramLabel = "global-pool|fully-connected",
            description =
                    "How class scores are made: the seed's global average pooling, or flatten and"
                            + " AlexNet's fully-connected layers in place of the last block"
                            + " (default: global-pool).")
    String head;

    /** The architecture these options describe. */
    NinArchitecture architecture(int inputChannels) {
        return architecture(inputChannels, null);
    }

    /**
     * The architecture these options describe, for data of a number of classes (null to keep the
     * blocks' own): the last block's width is that number unless {@code --classes} says otherwise.
     */
    NinArchitecture architecture(int inputChannels, Integer dataClasses) {
        NinArchitecture.Builder builder =
                NinArchitecture.builder().optInputChannels(inputChannels).optDropout(dropout);
        if (pointwise != null) {
            builder.optPointwise(pointwise);
        }
        if (head != null) {
            builder.optHead(Head.parse(head));
        }
        if (blocks != null) {
            builder.optBlocks(blocks.stream().map(BlockSpec::parse).toList());
        }
        if (classes != null) {
            builder.optClasses(Commands.atLeast("--classes", classes, 1));
        } else if (dataClasses != null) {
            builder.optClasses(dataClasses);
        }
        return builder.build();
    }

    /** Whether {@code --block}, {@code --pointwise} or {@code --head} describes the network. */
    boolean describesNetwork() {
        return blocks != null || pointwise != null || head != null;
    }

    /** Refuses a {@code --resize} the network would shrink to nothing, naming the smallest. */
    static void checkResize(NinArchitecture architecture, int resize) {
        if (!architecture.accepts(resize)) {
            throw new InvalidInputException(
                    "--resize %d is too small; the smallest the network accepts is %d"
                            .formatted(resize, architecture.minimumInputSide()));
        }
    }
}
