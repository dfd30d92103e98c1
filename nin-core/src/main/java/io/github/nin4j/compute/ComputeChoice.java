package io.github.nin4j.compute;

import ai.djl.Device;
import io.github.nin4j.engine.EngineCheck;
import io.github.nin4j.engine.EngineFaultException;
import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.engine.LayoutChoice;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.precision.PrecisionChoice;
import java.util.Objects;

/**
 * What a caller asks for: the device, how the convolutions' memory layout is chosen, and how the
 * NiN blocks' number format is chosen. {@link #plan} checks the engine and decides.
 *
 * @param device where to compute
 * @param layout how the layout is chosen
 * @param precision how the precision is chosen
 */
public record ComputeChoice(Device device, LayoutChoice layout, PrecisionChoice precision) {

    /** Requires every part. */
    public ComputeChoice {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(precision, "precision");
    }

    /**
     * The defaults: the CPU, the layout the check finds right (the faster first), float32 (the
     * seed's).
     *
     * @return the default choice
     */
    public static ComputeChoice defaults() {
        return new ComputeChoice(Device.cpu(), LayoutChoice.AUTO, PrecisionChoice.FP32);
    }

    /**
     * This choice on another device.
     *
     * @param other the device
     * @return the new choice
     */
    public ComputeChoice withDevice(Device other) {
        return new ComputeChoice(other, layout, precision);
    }

    /**
     * This choice with another precision choice.
     *
     * @param other how the precision is chosen
     * @return the new choice
     */
    public ComputeChoice withPrecision(PrecisionChoice other) {
        return new ComputeChoice(device, layout, other);
    }

    /**
     * Whether the caller forced a layout or bf16, rather than leaving the check to choose: a
     * benchmark then times what was asked for even where the check finds it wrong.
     *
     * @return true unless the layout is chosen by the check and the precision is not bf16
     */
    public boolean forced() {
        return layout != LayoutChoice.AUTO || precision == PrecisionChoice.BF16;
    }

    /**
     * Runs the engine check for an architecture at an input size.
     *
     * @param architecture the network
     * @param side the input's height and width
     * @return what the check found
     */
    public EngineVerdict check(NinArchitecture architecture, int side) {
        return EngineCheck.builder()
                .setArchitecture(architecture)
                .setInputSide(side)
                .optLayoutChoice(layout)
                .optPrecisionChoice(precision)
                .optDevice(device)
                .build()
                .run();
    }

    /**
     * Checks the engine and returns the plan it found right.
     *
     * @param architecture the network
     * @param side the input's height and width
     * @return the plan
     * @throws EngineFaultException when no precision and layout tried is right
     */
    public ComputePlan plan(NinArchitecture architecture, int side) {
        return ComputePlan.of(check(architecture, side), device);
    }
}
