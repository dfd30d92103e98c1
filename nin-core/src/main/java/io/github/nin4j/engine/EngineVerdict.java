package io.github.nin4j.engine;

import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.precision.Precision;
import io.github.nin4j.precision.PrecisionChoice;
import java.util.List;

/**
 * What the {@link EngineCheck} found: whether the engine computes this network right on this
 * machine, in which layout, and the measured errors. Recorded in every run's manifest and every
 * benchmark's JSON.
 *
 * @param status right as is, right after switching layout or precision, or wrong
 * @param choice how the layout was to be chosen
 * @param layout the layout the network runs in; null when no layout was right
 * @param processor the processor's model and family, from {@code /proc/cpuinfo}
 * @param engine the engine and its version, e.g. {@code PyTorch 2.7.1}
 * @param input the checked batch's shape, N×C×H×W
 * @param convolutionTolerance the largest relative L2 error accepted for a float32 convolution
 *     alone
 * @param networkTolerance the largest relative L2 error accepted for the whole network in float32
 * @param trials each precision and layout tried, in order
 * @param seconds how long the check took
 * @param precisionChoice how the precision was to be chosen; null in manifests written before bf16
 * @param precision the precision the network runs in; null when none was right, and in manifests
 *     written before bf16, which ran float32
 * @param layoutReason why the layouts were tried in their order, for example {@code the faster
 *     layout on the CPU}; null in manifests written before it was recorded
 */
public record EngineVerdict(
        Status status,
        LayoutChoice choice,
        ConvolutionLayout layout,
        String processor,
        String engine,
        String input,
        double convolutionTolerance,
        double networkTolerance,
        List<LayoutTrial> trials,
        double seconds,
        PrecisionChoice precisionChoice,
        Precision precision,
        String layoutReason) {

    /** The check's conclusion. */
    public enum Status {
        /** The first precision and layout tried are right. */
        RIGHT,
        /**
         * The first precision and layout tried are wrong and later ones are right; the network uses
         * those.
         */
        RIGHT_AFTER_WORKAROUND,
        /** No precision and layout tried is right. */
        WRONG
    }

    /**
     * Whether the network may run: some layout was right.
     *
     * @return true unless the status is {@link Status#WRONG}
     */
    public boolean right() {
        return status != Status.WRONG;
    }

    /**
     * The finding in one line, for the console.
     *
     * @return for example {@code engine check: right (NCHW convolutions; ...)}
     */
    public String summary() {
        LayoutTrial last = trials.get(trials.size() - 1);
        String agreement =
                String.format(
                        "%s within %.1e, network within %.1e of float64 at %s; %.1f s",
                        last.precision() == Precision.BF16 ? "blocks" : "convolutions",
                        worstConvolution(last),
                        last.network().worst(),
                        input,
                        seconds);
        return switch (status) {
            case RIGHT ->
                    "engine check: right (%s%s; %s)"
                            .formatted(last.description(), layoutNote(last), agreement);
            case RIGHT_AFTER_WORKAROUND ->
                    String.format(
                            "engine check: %s are wrong on this CPU (%s); switched to %s, which"
                                    + " are right (%s)",
                            trials.get(0).description(),
                            faults(trials.get(0)),
                            last.description(),
                            agreement);
            case WRONG ->
                    "engine check: the engine computes this network wrong on this CPU ("
                            + processor
                            + ") in every layout tried: "
                            + String.join(
                                    " / ",
                                    trials.stream().map(t -> t.name() + ": " + faults(t)).toList())
                            + ". `nin check` has the details. "
                            + (precisionChoice == PrecisionChoice.BF16
                                    ? "--precision fp32 computes in float32 instead (--precision"
                                            + " auto falls back to it by itself); see"
                                            + " docs/notes/bf16.md"
                                    : "ONEDNN_MAX_CPU_ISA=SSE41 in the environment selects oneDNN's"
                                            + " oldest kernels (slower, but right where this fault"
                                            + " was seen); see docs/notes/engine-fault-zen5.md");
        };
    }

    /** Why a float32 layout came first when the check chose it; bf16 fixes its own. */
    private String layoutNote(LayoutTrial trial) {
        return trial.precision() == Precision.BF16 || layoutReason == null
                ? ""
                : ", " + layoutReason;
    }

    /** The first fault, and how many more there are. */
    private String faults(LayoutTrial trial) {
        List<String> faults = trial.faults();
        return faults.get(0) + (faults.size() > 1 ? " and " + (faults.size() - 1) + " more" : "");
    }

    private static double worstConvolution(LayoutTrial trial) {
        return trial.convolutions().stream()
                .mapToDouble(ConvolutionTrial::worst)
                .reduce(0, Math::max);
    }

    /**
     * The layout's name as the command line spells it.
     *
     * @param layout a layout
     * @return {@code NCHW} or {@code channels-last}
     */
    public static String name(ConvolutionLayout layout) {
        return layout == ConvolutionLayout.NCHW ? "NCHW" : "channels-last";
    }
}
