package io.github.nin4j.experiment;

import java.util.List;

/**
 * What an experiment produced.
 *
 * @param grid the grid
 * @param cells the finished cells, in the order they ran
 * @param costs each variant's cost, in the grid's order; empty when incomplete
 * @param complete whether every cell finished and every cost was measured
 * @param unfinished the cells that have not finished, in the grid's order, when the result was
 *     collected from a directory; empty otherwise
 */
public record ExperimentResult(
        ExperimentGrid grid,
        List<CellResult> cells,
        List<VariantCost> costs,
        boolean complete,
        List<UnfinishedCell> unfinished) {

    /** Copies the lists. */
    public ExperimentResult {
        cells = List.copyOf(cells);
        costs = List.copyOf(costs);
        unfinished = List.copyOf(unfinished);
    }

    /**
     * The summary of each variant with a finished cell, in the grid's order.
     *
     * @return one summary per variant that has finished cells
     * @throws IllegalStateException when the costs were not measured (interrupted)
     */
    public List<VariantSummary> summaries() {
        if (costs.isEmpty()) {
            throw new IllegalStateException("the experiment has not finished");
        }
        return grid.variants().stream()
                .filter(v -> cells.stream().anyMatch(c -> c.cell().variant().equals(v)))
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
