package io.github.nin4j.experiment;

import java.util.List;

/**
 * What an experiment produced.
 *
 * @param grid the grid
 * @param cells the finished cells, in the order they ran
 * @param costs each variant's cost, in the grid's order; empty when incomplete
 * @param complete whether every cell finished and every cost was measured
 */
public record ExperimentResult(
        ExperimentGrid grid, List<CellResult> cells, List<VariantCost> costs, boolean complete) {

    /** Copies the lists. */
    public ExperimentResult {
        cells = List.copyOf(cells);
        costs = List.copyOf(costs);
    }

    /**
     * The summary of each variant, in the grid's order.
     *
     * @return one summary per variant
     * @throws IllegalStateException when the experiment is incomplete
     */
    public List<VariantSummary> summaries() {
        if (!complete) {
            throw new IllegalStateException("the experiment has not finished");
        }
        return grid.variants().stream()
                .map(
                        v ->
                                VariantSummary.of(
                                        v,
                                        costs.stream()
                                                .filter(c -> c.variant().equals(v.name()))
                                                .findFirst()
                                                .orElseThrow(),
                                        cells.stream()
                                                .filter(c -> c.cell().variant().equals(v))
                                                .toList()))
                .toList();
    }
}
