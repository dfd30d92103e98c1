package io.github.nin4j.precision;

import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.NinBlockFactory;
import java.util.Optional;

/**
 * The number format a network's NiN blocks compute in, chosen when the blocks are built ({@link
 * #blocks}). Parameters, gradients, checkpoints and exports are float32 in both. Each precision
 * carries what the engine check needs to judge it: the unit it checks alone and its tolerances.
 */
public enum Precision {
    /** Float32 throughout, by DJL's own operators; each convolution is checked alone. */
    FP32(
            CheckedUnit.CONVOLUTION,
            // A convolution alone; the whole network far looser, as a ReLU input or a max-pooling
            // pair within float32 rounding of a tie decides differently in float64 and sends the
            // gradient through another unit. Each lies well between what right kernels and the
            // Zen 5 fault measure (docs/notes/engine-fault-zen5.md, "The check's tolerances").
            new Tolerances(1e-4, 5e-2, 5e-2)),
    /**
     * Bfloat16 activations in channels-last memory format from the first block to the logits,
     * through {@link Bf16NetworkOperation} (with the fully-connected head, each NiN block through
     * {@link Bf16BlockOperation}); input, logits, parameters and gradients stay float32. Each NiN
     * block is checked alone.
     */
    BF16(
            CheckedUnit.NIN_BLOCK,
            // A NiN block alone, and the network's logits and loss: bf16 keeps 8 significant bits,
            // and right kernels stay well within, a 10% wrong gradient well outside. The network's
            // gradients are loose on purpose: bf16's rounding decides many more ReLU inputs and
            // max-pooling pairs near a tie the other way, each sending a unit's whole gradient
            // along another path; the blocks are held to the block tolerance one by one, and this
            // catches a gradient that does not arrive (error 1), one unrelated to float64's
            // (about 1.4), or NaN (docs/notes/bf16.md, "The engine check in bf16").
            new Tolerances(3e-2, 5e-2, 8e-1));

    /** What the engine check compares alone, before the whole network. */
    public enum CheckedUnit {
        /** Each convolution at its input shape in the network. */
        CONVOLUTION,
        /** Each NiN block (its convolutions and ReLUs together) at its input shape. */
        NIN_BLOCK
    }

    /**
     * The largest relative L2 errors ‖checked − float64‖ / ‖float64‖ the engine check accepts.
     *
     * @param unit for a {@link CheckedUnit} alone
     * @param network for the whole network's logits and loss
     * @param gradient for each parameter's gradient through the whole network
     */
    public record Tolerances(double unit, double network, double gradient) {}

    private final CheckedUnit checkedUnit;
    private final Tolerances tolerances;

    Precision(CheckedUnit checkedUnit, Tolerances tolerances) {
        this.checkedUnit = checkedUnit;
        this.tolerances = tolerances;
    }

    /**
     * What the engine check compares alone in this precision.
     *
     * @return the unit
     */
    public CheckedUnit checkedUnit() {
        return checkedUnit;
    }

    /**
     * The errors the engine check accepts in this precision.
     *
     * @return the tolerances
     */
    public Tolerances tolerances() {
        return tolerances;
    }

    /**
     * The memory layout this precision always computes in, whatever layout is asked for: bf16
     * blocks compute in channels-last; float32 ones in the layout given.
     *
     * @return the fixed layout, or empty when the layout is a choice
     */
    public Optional<ConvolutionLayout> fixedLayout() {
        return this == BF16 ? Optional.of(ConvolutionLayout.CHANNELS_LAST) : Optional.empty();
    }

    /**
     * Makes NiN blocks that compute in this precision.
     *
     * @param layout the float32 convolutions' memory layout; bf16 blocks ignore it (see {@link
     *     #fixedLayout()})
     * @return the factory
     */
    public NinBlockFactory blocks(ConvolutionLayout layout) {
        return this == BF16 ? new Bf16BlockFactory() : NinBlockFactory.float32(layout);
    }

    /**
     * The name as the command line and the manifest spell it.
     *
     * @return {@code fp32} or {@code bf16}
     */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
