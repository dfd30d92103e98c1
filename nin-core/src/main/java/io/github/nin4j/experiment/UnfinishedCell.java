package io.github.nin4j.experiment;

import java.util.Optional;

/**
 * A cell of an experiment that has not finished, as its directory shows it.
 *
 * @param cell the cell
 * @param state {@code never ran}, or its manifest's status ({@code running}, {@code interrupted},
 *     {@code refused}, ...)
 * @param completedEpochs the epochs it completed
 * @param lastOutput the last line its process printed; null where not known
 */
public record UnfinishedCell(Cell cell, String state, int completedEpochs, String lastOutput) {

    /**
     * The last line its process printed.
     *
     * @return the line, where known
     */
    public Optional<String> lastLine() {
        return Optional.ofNullable(lastOutput);
    }
}
