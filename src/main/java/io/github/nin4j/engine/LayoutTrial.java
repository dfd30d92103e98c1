package io.github.nin4j.engine;

import io.github.nin4j.model.ConvolutionLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine check in one layout: each convolution alone, then the whole network.
 *
 * @param layout the layout tried
 * @param convolutions each convolution's results, in the network's order
 * @param network the whole network's results
 * @param right whether every convolution and the network were within tolerance
 */
public record LayoutTrial(
        ConvolutionLayout layout,
        List<ConvolutionTrial> convolutions,
        NetworkTrial network,
        boolean right) {

    /**
     * What came out wrong, one entry per convolution or for the whole network.
     *
     * @param convolutionTolerance the tolerance of a convolution alone
     * @param networkTolerance the tolerance of the whole network
     * @return for example {@code block 4, conv 1 (3x3, 384->10) mb2_ic384oc10_ih5oh5kh3sh1ph1:
     *     backward-data 3.2e-01}; empty when nothing is wrong
     */
    public List<String> faults(double convolutionTolerance, double networkTolerance) {
        List<String> faults = new ArrayList<>();
        for (ConvolutionTrial conv : convolutions) {
            List<String> wrong = conv.faults(convolutionTolerance);
            if (!wrong.isEmpty()) {
                faults.add(conv.layer() + " " + conv.problem() + ": " + String.join(", ", wrong));
            }
        }
        if (!network.within(networkTolerance)) {
            faults.add("whole network: " + network.worstResult());
        }
        return faults;
    }
}
