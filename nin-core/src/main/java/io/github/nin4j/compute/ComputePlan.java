package io.github.nin4j.compute;

import ai.djl.Device;
import io.github.nin4j.engine.EngineFaultException;
import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.engine.LayoutTrial;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.NinBlockFactory;
import io.github.nin4j.precision.Precision;
import java.util.Objects;

/**
 * How a network computes: on which device, in which convolution layout and number format, and the
 * engine check's verdict that found them right. Everything that builds a network takes one ({@link
 * NinModel}); the check makes one ({@link ComputeChoice#plan}).
 *
 * @param device where to compute
 * @param layout the float32 convolutions' memory layout (a precision with a {@linkplain
 *     Precision#fixedLayout() fixed layout} computes in that one)
 * @param precision the NiN blocks' number format
 * @param verdict the engine check behind the plan; null for a plan made without a check
 */
public record ComputePlan(
        Device device, ConvolutionLayout layout, Precision precision, EngineVerdict verdict) {

    /** Requires device, layout and precision, and the precision's own layout where it has one. */
    public ComputePlan {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(precision, "precision");
        layout = precision.fixedLayout().orElse(layout);
    }

    /**
     * The plan an engine check found right.
     *
     * @param verdict the check's verdict
     * @param device the device it checked
     * @return the plan
     * @throws EngineFaultException when the check found no precision and layout right
     */
    public static ComputePlan of(EngineVerdict verdict, Device device) {
        if (!verdict.right()) {
            throw new EngineFaultException(verdict);
        }
        return new ComputePlan(device, verdict.layout(), verdict.precision(), verdict);
    }

    /**
     * The last precision and layout an engine check tried, right or not: what a benchmark times
     * when the caller forced them ({@link ComputeChoice#forced()}).
     *
     * @param verdict the check's verdict
     * @param device the device it checked
     * @return the plan, whose {@link #right()} tells whether it computes right
     */
    public static ComputePlan lastTried(EngineVerdict verdict, Device device) {
        LayoutTrial last = verdict.trials().get(verdict.trials().size() - 1);
        return new ComputePlan(device, last.layout(), last.precision(), verdict);
    }

    /**
     * A plan taken as given, with no check: for loading parameters without computing (export), or
     * for a caller that checked by other means. Numbers computed with it are not vouched for.
     *
     * @param device where to compute
     * @param layout the convolutions' layout
     * @param precision the number format
     * @return the plan
     */
    public static ComputePlan unchecked(
            Device device, ConvolutionLayout layout, Precision precision) {
        return new ComputePlan(device, layout, precision, null);
    }

    /**
     * Whether an engine check found this plan right.
     *
     * @return false for an unchecked plan, and for one a check found wrong
     */
    public boolean right() {
        return verdict != null
                && verdict.right()
                && verdict.layout() == layout
                && verdict.precision() == precision;
    }

    /**
     * Makes NiN blocks that compute as planned.
     *
     * @return the factory
     */
    public NinBlockFactory blocks() {
        return precision.blocks(layout);
    }
}
