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
             * A convolution alone. Right kernels measured 5e-8 to 1.6e-6 over every convolution of
             * the seed's network (96 and 224 pixels) and of the test fixture; the Zen 5 fault
             * measured 0.16 to 0.49, or NaN.
             */
            new Tolerances(
                    1e-4,
                    /*
                     * The whole network. Far looser than a convolution's: a ReLU input or a
                     * max-pooling pair within float32 rounding of a tie decides differently in
                     * float32 and float64, and the gradient then flows through another unit. On
                     * the seed's network at 224 pixels, right kernels measured 1.1e-6 to 1.1e-2
                     * over 8 seeds (the largest in the first convolution's weight gradient); the
                     * Zen 5 fault 0.26 to 0.72, or NaN.
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
                     * to 3.9e-3 per value. Right kernels measured 2.2e-3 to 8.6e-3 over every
                     * block of the seed's network at 96 and 224 pixels, seeds 1 to 6, on Zen 5; a
                     * 10% wrong gradient (the test's injected fault) is 0.1, and the float32 Zen 5
                     * fault was 0.16 to 0.49.
                     */
                    3e-2,
                    /*
                     * The network's logits and loss: right kernels measured 1.5e-3 to 1.1e-2 for
                     * the logits and at most 4e-4 for the loss (seed's network, 96 and 224 pixels,
                     * seeds 1 to 6).
                     */
                    5e-2,
                    /*
                     * The network's gradients, loose on purpose: bf16's rounding decides many more
                     * ReLU inputs and max-pooling pairs near a tie the other way than float32's
                     * does, and each such decision sends a unit's whole gradient along another
                     * path. At initialisation right kernels measured the last block's gradients
                     * within 2e-2 but the first blocks' off by 0.13 to 0.51 (96 and 224 pixels,
                     * seeds 1 to 6). The blocks are held to the block tolerance one by one; this
                     * catches a gradient that does not arrive (error 1), one unrelated to
                     * float64's (about 1.4), or NaN.
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
