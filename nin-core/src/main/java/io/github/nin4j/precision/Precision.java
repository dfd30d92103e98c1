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
            /*
             * A convolution alone: right kernels stay below 1.6e-6 on every convolution of the
             * seed's network and of the test fixture, and the Zen 5 fault is 0.16 or more, or NaN
             * (docs/notes/engine-fault-zen5.md, "The check's tolerances").
             */
            new Tolerances(
                    1e-4,
                    /*
                     * The whole network. Far looser than a convolution's: a ReLU input or a
                     * max-pooling pair within float32 rounding of a tie decides differently in
                     * float32 and float64, and the gradient then flows through another unit.
                     * Right kernels stay within 1.1e-2 on the seed's network (the largest error in
                     * the first convolution's weight gradient), and the Zen 5 fault is 0.26 or
                     * more, or NaN (docs/notes/engine-fault-zen5.md).
                     */
                    5e-2,
                    5e-2)),
    /**
     * Bfloat16 activations in channels-last memory format from the first block to the logits,
     * through {@link Bf16NetworkOperation} (with the fully-connected head, each NiN block through
     * {@link Bf16BlockOperation}); input, logits, parameters and gradients stay float32. Each NiN
     * block is checked alone.
     */
    BF16(
            CheckedUnit.NIN_BLOCK,
            new Tolerances(
                    /*
                     * A NiN block alone. bf16 keeps 8 significant bits, a relative rounding of up
                     * to 3.9e-3 per value. Right kernels stay within 8.6e-3 on every block of the
                     * seed's network; a 10% wrong gradient (the test's injected fault) is 0.1, and
                     * the float32 Zen 5 fault 0.16 or more (docs/notes/bf16.md, "The engine check
                     * in bf16").
                     */
                    3e-2,
                    /*
                     * The network's logits and loss: right kernels stay within 1.1e-2 for the
                     * logits and 4e-4 for the loss on the seed's network (docs/notes/bf16.md).
                     */
                    5e-2,
                    /*
                     * The network's gradients, loose on purpose: bf16's rounding decides many more
                     * ReLU inputs and max-pooling pairs near a tie the other way than float32's
                     * does, and each such decision sends a unit's whole gradient along another
                     * path. At initialisation right kernels keep the last block's gradients within
                     * 2e-2 but put the first blocks' off by up to 0.51 (docs/notes/bf16.md). The
                     * blocks are held to the block tolerance one by one; this catches a gradient
                     * that does not arrive (error 1), one unrelated to float64's (about 1.4), or
                     * NaN.
                     */
                    8e-1));

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
