package io.github.nin4j.engine;

import java.util.Map;

/**
 * The whole network's forward and backward pass in float32, in one layout, against the same weights
 * and batch in float64: the relative L2 error of the logits, of the loss and of each parameter's
 * gradient.
 *
 * @param logits error of the logits
 * @param loss error of the mean cross-entropy loss
 * @param gradients each parameter's gradient error, by the parameter's name in the seed's {@code
 *     state_dict} order
 */
public record NetworkTrial(double logits, double loss, Map<String, Double> gradients) {

    /**
     * The largest error of all results (NaN if any is NaN).
     *
     * @return the largest relative L2 error
     */
    public double worst() {
        return gradients.values().stream()
                .mapToDouble(Double::doubleValue)
                .reduce(Math.max(logits, loss), Math::max);
    }

    /**
     * Whether logits and loss are within one tolerance and every gradient within another; NaN never
     * is.
     *
     * @param tolerance the largest relative L2 error accepted for logits and loss
     * @param gradientTolerance the largest relative L2 error accepted for a gradient
     * @return true when all results are right
     */
    public boolean within(double tolerance, double gradientTolerance) {
        return logits <= tolerance
                && loss <= tolerance
                && gradients.values().stream().allMatch(e -> e <= gradientTolerance);
    }

    /**
     * The result with the largest error, with its error.
     *
     * @return for example {@code gradient of 0.0.weight 2.1e-01}
     */
    public String worstResult() {
        String name = logits >= loss ? "logits" : "loss";
        double worst = Math.max(logits, loss);
        for (Map.Entry<String, Double> entry : gradients.entrySet()) {
            if (Double.isNaN(entry.getValue()) || entry.getValue() > worst) {
                name = "gradient of " + entry.getKey();
                worst = entry.getValue();
                if (Double.isNaN(worst)) {
                    break;
                }
            }
        }
        return String.format("%s %.1e", name, worst);
    }
}
