package io.github.nin4j.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;

/**
 * d2l's AlexNet (section "Deep Convolutional Neural Networks (AlexNet)"), sized for 1×224×224
 * Fashion-MNIST: five convolutions, then 6400→4096→4096→classes fully-connected layers. Built here
 * as a real model so that {@code nin summary --compare} counts its parameters rather than quoting
 * them. Its convolutions are built as NiN's are ({@link RoutedConv2d#of}).
 */
public final class AlexNet {

    private AlexNet() {}

    /**
     * Builds the network, uninitialised.
     *
     * @param classes the number of classes
     * @return the network
     */
    public static SequentialBlock newBlock(int classes) {
        SequentialBlock features =
                new SequentialBlock()
                        .add(RoutedConv2d.of(1, 96, 11, 4, 1))
                        .add(Activation.reluBlock())
                        .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2)))
                        .add(RoutedConv2d.of(96, 256, 5, 1, 2))
                        .add(Activation.reluBlock())
                        .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2)))
                        .add(RoutedConv2d.of(256, 384, 3, 1, 1))
                        .add(Activation.reluBlock())
                        .add(RoutedConv2d.of(384, 384, 3, 1, 1))
                        .add(Activation.reluBlock())
                        .add(RoutedConv2d.of(384, 256, 3, 1, 1))
                        .add(Activation.reluBlock())
                        .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2)))
                        .add(Blocks.batchFlattenBlock());
        return FullyConnectedHead.appendTo(features, classes);
    }
}
