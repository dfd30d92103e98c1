package io.github.nin4j.model;

import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.XavierInitializer;

/**
 * Gives convolutions and linear layers the initial values the seed's PyTorch code gives them.
 *
 * <p>d2l's {@code train_ch6} applies {@code nn.init.xavier_uniform_} to every {@code Conv2d} and
 * {@code Linear} weight: uniform in ±sqrt(6 / (fan_in + fan_out)), the fans including the receptive
 * field. DJL's {@code XavierInitializer} gives exactly that bound when it is uniform, averages the
 * fans and has magnitude 3: sqrt(3 / ((fan_in + fan_out) / 2)). Its no-argument constructor uses
 * magnitude 6 in DJL 0.36, a bound sqrt(2) times wider, so the magnitude is set explicitly. Biases
 * are left to PyTorch's layer default, uniform in ±1/sqrt(fan_in). DJL's own defaults differ
 * (weights He-normal, biases zero), which is why every convolution and linear layer is set here.
 */
public final class TorchInitialization {

    private TorchInitialization() {}

    /**
     * Sets PyTorch's initializers on a convolution.
     *
     * @param conv the convolution
     * @param inChannels its input channels
     * @param kernel the side of its square kernel
     * @return the same convolution
     */
    public static Conv2d apply(Conv2d conv, int inChannels, int kernel) {
        conv.setInitializer(xavierUniform(), "weight");
        conv.setInitializer(
                new UniformInitializer((float) biasBound((long) inChannels * kernel * kernel)),
                "bias");
        return conv;
    }

    /**
     * Sets PyTorch's initializers on a linear layer: Xavier-uniform weight, bias uniform in
     * ±1/sqrt(fan_in) as {@code nn.Linear} leaves it.
     *
     * <p>A DJL {@code Linear} learns its input width only when it is initialised, so the bias's
     * bound cannot be fixed here: it is read off the weight's shape, (out, in), which the layer
     * sets before initialising its parameters, weight first.
     *
     * @param linear the layer
     * @return the same layer
     */
    public static Linear apply(Linear linear) {
        Parameter weight = linear.getParameters().get("weight");
        linear.setInitializer(xavierUniform(), "weight");
        linear.setInitializer(
                (manager, shape, dataType) ->
                        new UniformInitializer((float) biasBound(weight.getShape().get(1)))
                                .initialize(manager, shape, dataType),
                "bias");
        return linear;
    }

    /**
     * The bound of PyTorch's default bias initialisation, 1/sqrt(fan_in).
     *
     * @param fanIn the layer's fan-in: input channels times the kernel's area, or a linear layer's
     *     input features
     * @return the bound
     */
    public static double biasBound(long fanIn) {
        return 1.0 / Math.sqrt(fanIn);
    }

    /**
     * The bound of PyTorch's {@code xavier_uniform_}, sqrt(6 / (fan_in + fan_out)).
     *
     * @param fanIn input channels times the kernel's area
     * @param fanOut output channels times the kernel's area
     * @return the bound
     */
    public static double xavierBound(long fanIn, long fanOut) {
        return Math.sqrt(6.0 / (fanIn + fanOut));
    }

    /** PyTorch's {@code xavier_uniform_}, as the class comment explains. */
    private static XavierInitializer xavierUniform() {
        return new XavierInitializer(
                XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3);
    }
}
