package io.github.nin4j.engine;

import ai.djl.Device;
import io.github.nin4j.model.ConvolutionLayout;
import java.util.List;

/** How the memory layout of a network's convolutions is chosen. */
public enum LayoutChoice {
    /**
     * The faster layout where the engine check finds it right, the other one, checked again, where
     * it does not. On the CPU channels-last is the faster one: its float32 training steps are
     * faster than NCHW's on both CPU families in docs/results.md ("Convolution layouts"). On a GPU
     * NCHW, PyTorch's default, comes first; docs/results.md has no timing of that order.
     */
    AUTO,
    /** NCHW, whatever the check finds. */
    NCHW,
    /** Channels-last, whatever the check finds. */
    CHANNELS_LAST;

    /**
     * The layouts to try, in order; the first one the check finds right is used.
     *
     * @param device the device the network computes on
     * @return one or more layouts
     */
    public List<ConvolutionLayout> candidates(Device device) {
        return switch (this) {
            case AUTO ->
                    Device.Type.CPU.equals(device.getDeviceType())
                            ? List.of(ConvolutionLayout.CHANNELS_LAST, ConvolutionLayout.NCHW)
                            : List.of(ConvolutionLayout.NCHW, ConvolutionLayout.CHANNELS_LAST);
            case NCHW -> List.of(ConvolutionLayout.NCHW);
            case CHANNELS_LAST -> List.of(ConvolutionLayout.CHANNELS_LAST);
        };
    }

    /**
     * Why the check tries the layouts in this order, for the verdict and the manifest.
     *
     * @param device the device the network computes on
     * @return for example {@code the faster layout on the CPU}, said of the layout tried first
     */
    public String reason(Device device) {
        return switch (this) {
            case AUTO ->
                    Device.Type.CPU.equals(device.getDeviceType())
                            ? "the faster layout on the CPU"
                            : "PyTorch's default on a GPU";
            case NCHW, CHANNELS_LAST -> "as asked";
        };
    }
}
