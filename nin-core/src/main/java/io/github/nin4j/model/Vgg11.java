package io.github.nin4j.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;

/**
 * d2l's VGG-11 (section "Networks Using Blocks (VGG)", {@code conv_arch = ((1, 64), (1, 128), (2,
 * 256), (2, 512), (2, 512))}): five VGG blocks, then 512·7·7→4096→4096→classes fully-connected
 * layers. The first of those is the seed lecture's example of a costly fully-connected layer. Its
 * convolutions are built as NiN's are ({@link RoutedConv2d#of}).
 */
public final class Vgg11 {

    private static final int[][] CONV_ARCH = {{1, 64}, {1, 128}, {2, 256}, {2, 512}, {2, 512}};

    private Vgg11() {}

    /**
     * Builds the network, uninitialised.
     *
     * @param classes the number of classes
     * @return the network
     */
    public static SequentialBlock newBlock(int classes) {
        SequentialBlock net = new SequentialBlock();
        int channels = 1;
        for (int[] stage : CONV_ARCH) {
            for (int i = 0; i < stage[0]; i++) {
                net.add(RoutedConv2d.of(channels, stage[1], 3, 1, 1));
                net.add(Activation.reluBlock());
                channels = stage[1];
            }
            net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        return FullyConnectedHead.appendTo(net.add(Blocks.batchFlattenBlock()), classes);
    }
}
