package io.github.nin4j.engine;

import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.precision.Precision;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine check in one precision and layout: each convolution alone (in bf16, each NiN block
 * alone, since the bf16 kernels run inside a block), then the whole network.
 *
 * @param precision the precision tried; null in manifests written before bf16, which tried float32
 * @param layout the layout tried (bf16 blocks always compute in channels-last)
 * @param convolutions each convolution's (or NiN block's) results, in the network's order
 * @param network the whole network's results
 * @param right whether every convolution and the network were within tolerance
 * @param convolutionTolerance the largest relative L2 error accepted for a convolution or block
 * @param networkTolerance the largest relative L2 error accepted for the whole network's logits and
 *     loss
 * @param gradientTolerance the largest relative L2 error accepted for the whole network's gradients
 */
public record LayoutTrial(
        ConvolutionLayout layout,
        List<ConvolutionTrial> convolutions,
        NetworkTrial network,
        boolean right,
        Precision precision,
        double convolutionTolerance,
        double networkTolerance,
        double gradientTolerance) {

    /**
     * The precision and layout as the console names them.
     *
     * @return {@code NCHW}, {@code channels-last} or {@code bf16}
     */
    public String name() {
        return precision == Precision.BF16 ? "bf16" : EngineVerdict.name(layout);
    }

    /**
     * What the trial computed, as the console describes it.
     *
     * @return {@code NCHW convolutions}, {@code channels-last convolutions} or {@code bf16 NiN
     *     blocks}
     */
    public String description() {
        return precision == Precision.BF16 ? "bf16 NiN blocks" : name() + " convolutions";
    }

    /**
     * What came out wrong, one entry per convolution or for the whole network.
     *
     * @return for example {@code block 4, conv 1 (3x3, 384->10) mb2_ic384oc10_ih5oh5kh3sh1ph1:
     *     backward-data 3.2e-01}; empty when nothing is wrong
     */
    public List<String> faults() {
        List<String> faults = new ArrayList<>();
        for (ConvolutionTrial conv : convolutions) {
            List<String> wrong = conv.faults(convolutionTolerance);
            if (!wrong.isEmpty()) {
                faults.add(conv.layer() + " " + conv.problem() + ": " + String.join(", ", wrong));
            }
        }
        if (!network.within(networkTolerance, gradientTolerance)) {
            faults.add("whole network: " + network.worstResult());
        }
        return faults;
    }
}
