package io.github.nin4j.experiment;

import io.github.nin4j.train.RunListener;
import java.util.List;

/** Told what an {@link Experiment} does, cell by cell; every method does nothing by default. */
public interface ExperimentListener {

    /**
     * A cell is about to train, from scratch or from its last completed epoch.
     *
     * @param cell the cell
     * @param index its position, from 1
     * @param total the number of cells
     * @param resuming whether it continues an interrupted run
     */
    default void onCellStart(Cell cell, int index, int total, boolean resuming) {}

    /**
     * The listeners a cell's training run gets besides the standard ones, e.g. a console.
     *
     * @param cell the cell
     * @return the listeners
     */
    default List<RunListener> runListeners(Cell cell) {
        return List.of();
    }

    /**
     * A cell has finished, now or in an earlier run of the experiment.
     *
     * @param result its result
     * @param index its position, from 1
     * @param total the number of cells
     * @param skipped whether it had finished before, so nothing was trained
     */
    default void onCellEnd(CellResult result, int index, int total, boolean skipped) {}

    /**
     * A variant's memory is being measured, in a process of its own.
     *
     * @param variant the variant
     */
    default void onMeasuringCost(Variant variant) {}
}
