package io.github.nin4j.cli;

import io.github.nin4j.InvalidInputException;
import io.github.nin4j.model.BlockSpec;
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
            description = "Dropout rate before the last block (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.5")
    double dropout;

    /**
     * The architecture these options describe.
     *
     * @param inputChannels the input's channels
     * @return the architecture
     */
    NinArchitecture architecture(int inputChannels) {
        return architecture(inputChannels, null);
    }

    /**
     * The architecture these options describe, for data of a number of classes: the last block's
     * width is that number unless {@code --classes} says otherwise.
     *
     * @param inputChannels the input's channels
     * @param dataClasses the data's classes, or null to keep the blocks' own
     * @return the architecture
     */
    NinArchitecture architecture(int inputChannels, Integer dataClasses) {
        NinArchitecture.Builder builder =
                NinArchitecture.builder().optInputChannels(inputChannels).optDropout(dropout);
        if (blocks != null) {
            builder.optBlocks(blocks.stream().map(BlockSpec::parse).toList());
        }
        if (classes != null) {
            if (classes < 1) {
                throw new InvalidInputException("--classes must be at least 1, got " + classes);
            }
            builder.optClasses(classes);
        } else if (dataClasses != null) {
            builder.optClasses(dataClasses);
        }
        return builder.build();
    }

    /**
     * Checks that {@code --resize} fits the network, naming the smallest side that does.
     *
     * @param architecture the network
     * @param resize the input side asked for
     * @throws InvalidInputException when the input would shrink to nothing
     */
    static void checkResize(NinArchitecture architecture, int resize) {
        if (!architecture.accepts(resize)) {
            throw new InvalidInputException(
                    "--resize "
                            + resize
                            + " is too small; the smallest the network accepts is "
                            + architecture.minimumInputSide());
        }
    }
}
