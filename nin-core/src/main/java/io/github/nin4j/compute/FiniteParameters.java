package io.github.nin4j.compute;

import ai.djl.ndarray.NDArray;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.model.NinNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses weights that hold NaN or infinite values. Such a network computes NaN for every image: it
 * evaluates to chance, predicts nonsense and cannot train on, so weights are checked wherever they
 * come in (an imported {@code .npz}, a checkpoint resumed, evaluated or predicted with) and the
 * problem is named at once rather than discovered in the results.
 */
public final class FiniteParameters {

    private FiniteParameters() {}

    /**
     * Checks a network's parameters, named by their PyTorch {@code state_dict} keys ({@link
     * NinNetwork#torchParameters}).
     *
     * @param network an initialised network
     * @param source where the values came from, for the message, e.g. {@code "checkpoint X"}
     * @param remedy how to get finite weights, for the message
     * @throws InvalidInputException naming the first parameter with non-finite values, how many of
     *     its values are NaN and how many infinite, and how many other parameters have some
     */
    public static void require(NinNetwork network, String source, String remedy) {
        require(network.stateDict(), source, remedy);
    }

    /**
     * Checks arrays by key, e.g. a {@code state_dict} read from an {@code .npz}.
     *
     * @param arrays the arrays by key, in the order to report them
     * @param source where the values came from, for the message
     * @param remedy how to get finite weights, for the message
     * @throws InvalidInputException as {@link #require(NinNetwork, String, String)}
     */
    public static void require(Map<String, NDArray> arrays, String source, String remedy) {
        List<String> bad = new ArrayList<>();
        String first = null;
        for (Map.Entry<String, NDArray> entry : arrays.entrySet()) {
            NDArray array = entry.getValue();
            if (!array.getDataType().isFloating()) {
                continue;
            }
            long nan;
            long infinite;
            try (NDArray isNan = array.isNaN();
                    NDArray nanCount = isNan.countNonzero();
                    NDArray isInfinite = array.isInfinite();
                    NDArray infiniteCount = isInfinite.countNonzero()) {
                nan = nanCount.toLongArray()[0];
                infinite = infiniteCount.toLongArray()[0];
            }
            if (nan + infinite > 0) {
                bad.add(entry.getKey());
                if (first == null) {
                    first =
                            String.format(
                                    Locale.ROOT,
                                    "%s has %,d NaN and %,d infinite values of its %,d",
                                    entry.getKey(),
                                    nan,
                                    infinite,
                                    array.size());
                }
            }
        }
        if (first != null) {
            String others =
                    bad.size() == 1
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    ", and %d more parameter%s (%s) %s too",
                                    bad.size() - 1,
                                    bad.size() == 2 ? "" : "s",
                                    String.join(", ", bad.subList(1, Math.min(bad.size(), 4)))
                                            + (bad.size() > 4 ? ", ..." : ""),
                                    bad.size() == 2 ? "has some" : "have some");
            throw new InvalidInputException(
                    "%s holds weights that are not finite: %s%s; %s"
                            .formatted(source, first, others, remedy));
        }
    }
}
