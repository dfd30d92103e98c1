package io.github.nin4j.model;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import java.util.List;

/**
 * The fully-connected end that d2l's AlexNet and VGG share, and that NiN does away with: two
 * 4096-wide layers with ReLU and dropout, then one layer per class. Its linear layers are
 * initialised as d2l's PyTorch code does (see {@link TorchInitialization#apply(Linear)}).
 */
final class FullyConnectedHead {

    /** Width of the two hidden layers, as in d2l's AlexNet and VGG. */
    static final int HIDDEN = 4096;

    /** The dropout rate d2l's AlexNet and VGG use between the layers. */
    static final double DROPOUT = 0.5;

    private FullyConnectedHead() {}

    /** The layers, uninitialised: Linear, ReLU, Dropout, Linear, ReLU, Dropout, Linear. */
    static List<Layer> layers(int classes, double dropout) {
        return List.of(
                new Layer(LayerKind.LINEAR, linear(HIDDEN)),
                new Layer(LayerKind.RELU, Activation.reluBlock()),
                new Layer(LayerKind.DROPOUT, Dropout.builder().optRate((float) dropout).build()),
                new Layer(LayerKind.LINEAR, linear(HIDDEN)),
                new Layer(LayerKind.RELU, Activation.reluBlock()),
                new Layer(LayerKind.DROPOUT, Dropout.builder().optRate((float) dropout).build()),
                new Layer(LayerKind.LINEAR, linear(classes)));
    }

    /** Appends the layers, with d2l's dropout rate, to a network that ends in a flatten. */
    static SequentialBlock appendTo(SequentialBlock net, int classes) {
        for (Layer layer : layers(classes, DROPOUT)) {
            net.add(layer.block());
        }
        return net;
    }

    private static Linear linear(int units) {
        return TorchInitialization.apply(Linear.builder().setUnits(units).build());
    }
}
