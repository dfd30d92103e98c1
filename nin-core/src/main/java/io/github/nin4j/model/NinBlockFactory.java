package io.github.nin4j.model;

/**
 * Makes the NiN blocks of a network: how they compute is chosen when they are built. {@link
 * #float32} makes this package's {@link NinBlock}s; {@code io.github.nin4j.precision.Precision}
 * gives a factory for each number format.
 */
@FunctionalInterface
public interface NinBlockFactory {

    /**
     * Makes one block. The values are an architecture's, already validated.
     *
     * @param inChannels input channels
     * @param spec the k×k convolution's shape
     * @param pointwise how many 1×1 convolutions follow it
     * @return the block
     */
    NinBlock newBlock(int inChannels, BlockSpec spec, int pointwise);

    /**
     * Makes the block that runs a network's layers in order. By default each layer computes in
     * turn; a factory whose blocks can compute the whole network at once returns a sequence that
     * does.
     *
     * @param architecture the network's architecture, already validated
     * @return an empty sequence, to which the network's layers are added in order
     */
    default ReleasingSequentialBlock newSequence(NinArchitecture architecture) {
        return new ReleasingSequentialBlock();
    }

    /**
     * Float32 blocks whose convolutions compute in the given memory layout.
     *
     * @param layout the layout
     * @return the factory
     */
    static NinBlockFactory float32(ConvolutionLayout layout) {
        return (inChannels, spec, pointwise) ->
                NinBlock.builder()
                        .setInChannels(inChannels)
                        .setSpec(spec)
                        .optPointwise(pointwise)
                        .optLayout(layout)
                        .build();
    }
}
