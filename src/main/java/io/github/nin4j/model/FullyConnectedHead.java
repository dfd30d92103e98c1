package io.github.nin4j.model;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;

/**
 * The fully-connected end that d2l's AlexNet and VGG share, and that NiN does away with: two
 * 4096-wide layers with ReLU and dropout 0.5, then one layer per class.
 */
final class FullyConnectedHead {

    private FullyConnectedHead() {}

    /**
     * Appends the layers to a network.
     *
     * @param net the network, ending in a flatten
     * @param classes the number of classes
     * @return the same network
     */
    static SequentialBlock appendTo(SequentialBlock net, int classes) {
        return net.add(Linear.builder().setUnits(4096).build())
                .add(Activation.reluBlock())
                .add(Dropout.builder().optRate(0.5f).build())
                .add(Linear.builder().setUnits(4096).build())
                .add(Activation.reluBlock())
                .add(Dropout.builder().optRate(0.5f).build())
                .add(Linear.builder().setUnits(classes).build());
    }
}
