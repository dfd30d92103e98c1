package io.github.nin4j.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * One convolution of the network computed alone in float32, in one layout, against the same
 * computation in float64: the relative L2 error ‖float32 − float64‖ / ‖float64‖ of each result.
 *
 * @param layer where the convolution sits, e.g. {@code block 4, conv 1 (3x3, 384->10)}
 * @param problem the problem in oneDNN's notation ({@code mb2_ic384oc10_ih5oh5kh3sh1ph1}), as
 *     {@code ONEDNN_VERBOSE} and benchdnn print it
 * @param forward error of the output
 * @param backwardData error of the input's gradient; null for the network's first convolution,
 *     whose input needs no gradient, so the engine never computes it
 * @param backwardWeights error of the weight's gradient
 * @param backwardBias error of the bias's gradient
 */
public record ConvolutionTrial(
        String layer,
        String problem,
        double forward,
        Double backwardData,
        double backwardWeights,
        double backwardBias) {

    /**
     * Whether every result is within the tolerance; NaN never is.
     *
     * @param tolerance the largest relative L2 error accepted
     * @return true when all results are right
     */
    public boolean within(double tolerance) {
        return faults(tolerance).isEmpty();
    }

    /**
     * The results that are not within the tolerance, each with its error.
     *
     * @param tolerance the largest relative L2 error accepted
     * @return for example {@code [backward-data 3.2e-01]}; empty when all are right
     */
    public List<String> faults(double tolerance) {
        List<String> faults = new ArrayList<>();
        add(faults, "forward", forward, tolerance);
        if (backwardData != null) {
            add(faults, "backward-data", backwardData, tolerance);
        }
        add(faults, "backward-weights", backwardWeights, tolerance);
        add(faults, "backward-bias", backwardBias, tolerance);
        return faults;
    }

    /**
     * The largest error of this convolution's results (NaN if any is NaN).
     *
     * @return the largest relative L2 error
     */
    public double worst() {
        double worst = Math.max(forward, Math.max(backwardWeights, backwardBias));
        return backwardData == null ? worst : Math.max(worst, backwardData);
    }

    private static void add(List<String> faults, String name, double error, double tolerance) {
        if (!(error <= tolerance)) {
            faults.add(String.format("%s %.1e", name, error));
        }
    }
}
