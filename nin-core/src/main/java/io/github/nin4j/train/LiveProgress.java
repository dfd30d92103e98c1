package io.github.nin4j.train;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * Where a run is within its current epoch, as {@code nin train --view} writes it for the page
 * ({@link #FILE}) a few times an epoch: the phase, the batch, the epoch's curve points so far
 * (which {@code history.json} holds only once the epoch ends) and the time left. As JSON each point
 * is a row {@code [epoch, trainLoss, trainAccuracy]}, and the rates are left out while unknown.
 *
 * @param phase {@code training}, {@code evaluating}, {@code done} after an epoch, or the run's
 *     final status in lower case
 * @param seed the seed being trained
 * @param epoch the epoch in progress, counted from 1 (the last completed one once it is done)
 * @param batch the batches of the epoch trained so far
 * @param batches the epoch's batches
 * @param points the epoch's curve points so far
 * @param examplesPerSecond training examples per second so far in the epoch; null while unknown
 * @param remainingSeconds seconds left until the last epoch ends at this epoch's pace; null while
 *     unknown
 */
public record LiveProgress(
        String phase,
        int seed,
        int epoch,
        int batch,
        int batches,
        @JsonFormat(shape = JsonFormat.Shape.ARRAY) List<ProgressPoint> points,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double examplesPerSecond,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double remainingSeconds) {

    /** The file in a run directory, beside the page's pictures in the same folder. */
    public static final String FILE = "view/live.json";

    /** Copies the points; a file without them has none, and a missing phase is empty. */
    public LiveProgress {
        phase = Objects.requireNonNullElse(phase, "");
        points = points == null ? List.of() : List.copyOf(points);
    }
}
