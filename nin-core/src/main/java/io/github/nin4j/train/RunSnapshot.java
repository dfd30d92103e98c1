package io.github.nin4j.train;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A run's state at a moment, as a page shows it: what was asked, what happened, its curves and,
 * while it trains, where it is within the epoch. It is built from the run's files once they are
 * read ({@link #of}), and serialises to JSON with the components' names, absent values left out. As
 * JSON a curve point is a row {@code [epoch, trainLoss, trainAccuracy]} and an epoch a row {@code
 * [epoch, trainLoss, trainAccuracy, testAccuracy, examplesPerSecond]}.
 *
 * @param name the run's name, e.g. its directory's
 * @param waiting why there is nothing to show yet; null once a run has started
 * @param status the manifest's status, or {@code pending} for a cell that has not started
 * @param startedAt when the run first started, ISO-8601
 * @param endedAt when it ended, ISO-8601
 * @param device the device trained on
 * @param threads the engine's intra-op threads
 * @param seeds the seeds initialisation used, a restart adding one
 * @param config the training configuration
 * @param plannedEpochs the epochs the configuration asks for
 * @param classes the classes' names, by label
 * @param events what happened, in order
 * @param engineCheck what the engine check found
 * @param requeues how often Slurm had requeued the run at its latest resume; null outside Slurm
 * @param live where the run is within its epoch, from its {@link LiveProgress}
 * @param points the curve points: the history's, then the current epoch's so far
 * @param epochs the completed epochs
 * @param examplesPerSecond training examples per second over the completed epochs
 * @param liveExamplesPerSecond training examples per second so far in the current epoch
 * @param remainingSeconds the time left, while the run is running
 * @param problem why some of the run's files could not be read, in one line
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunSnapshot(
        String name,
        String waiting,
        String status,
        String startedAt,
        String endedAt,
        String device,
        Integer threads,
        List<Integer> seeds,
        TrainingConfig config,
        Integer plannedEpochs,
        List<String> classes,
        List<Event> events,
        Check engineCheck,
        Integer requeues,
        Live live,
        @JsonFormat(shape = JsonFormat.Shape.ARRAY) List<ProgressPoint> points,
        @JsonIgnoreProperties({"trainSeconds", "evalSeconds"})
                @JsonFormat(shape = JsonFormat.Shape.ARRAY)
                List<EpochMetrics> epochs,
        Double examplesPerSecond,
        Double liveExamplesPerSecond,
        Double remainingSeconds,
        String problem) {

    /** The status of a cell of a submitted grid that has not started. */
    public static final String PENDING = "pending";

    private static final String RUNNING = "running";

    /** Copies the lists; the curves are never null. */
    public RunSnapshot {
        Objects.requireNonNull(name, "name");
        seeds = seeds == null ? null : List.copyOf(seeds);
        classes = classes == null ? null : List.copyOf(classes);
        events = events == null ? null : List.copyOf(events);
        points = points == null ? List.of() : List.copyOf(points);
        epochs = epochs == null ? List.of() : List.copyOf(epochs);
    }

    /**
     * An event as the page lists it.
     *
     * @param type the event's kind, its class's simple name in lower case, e.g. {@code restarted}
     * @param text the event in words
     */
    public record Event(String type, String text) {

        /**
         * The event of a run's manifest.
         *
         * @param event the event
         * @return its kind and words
         */
        public static Event of(RunEvent event) {
            return new Event(
                    event.getClass().getSimpleName().toLowerCase(Locale.ROOT), event.describe());
        }
    }

    /**
     * The engine check's finding in short.
     *
     * @param right whether the network may run
     * @param summary the finding in one line
     */
    public record Check(boolean right, String summary) {}

    /**
     * Where a run is within its epoch.
     *
     * @param phase as {@link LiveProgress#phase()}
     * @param epoch the epoch
     * @param batch the batches trained so far
     * @param batches the epoch's batches
     */
    public record Live(String phase, int epoch, int batch, int batches) {}

    /**
     * The state of a run from its files, each null where missing or unreadable. The live progress
     * counts only when it is of the manifest's current seed: its points are added when it is of the
     * epoch after the history's last (before that the history already holds them), and its time
     * left replaces the latest estimate's while the run is running.
     *
     * @param name the run's name
     * @param manifest its manifest
     * @param history its completed epochs
     * @param live its progress within the current epoch
     * @return the snapshot
     */
    public static RunSnapshot of(
            String name, Manifest manifest, TrainingHistory history, LiveProgress live) {
        List<EpochMetrics> epochs = history == null ? List.of() : history.epochs();
        List<ProgressPoint> points =
                new ArrayList<>(history == null ? List.of() : history.points());
        boolean running = manifest != null && RUNNING.equals(manifest.status());
        Double remaining = null;
        Integer requeues = null;
        List<Event> events = null;
        if (manifest != null) {
            events = new ArrayList<>();
            for (RunEvent event : manifest.events()) {
                events.add(Event.of(event));
                if (event instanceof RunEvent.Estimated estimated && running) {
                    remaining = estimated.remainingSeconds();
                }
                if (event instanceof RunEvent.Resumed resumed
                        && resumed.slurmRestarts().isPresent()) {
                    int count = resumed.slurmRestarts().getAsInt();
                    requeues = requeues == null ? count : Math.max(requeues, count);
                }
            }
        }
        Live now = null;
        Double liveRate = null;
        if (live != null && (manifest == null || live.seed() == manifest.currentSeed())) {
            if (live.epoch() == epochs.size() + 1) {
                points.addAll(live.points());
            }
            now = new Live(live.phase(), live.epoch(), live.batch(), live.batches());
            liveRate = live.examplesPerSecond();
            if (live.remainingSeconds() != null && running) {
                remaining = live.remainingSeconds();
            }
        }
        TrainingConfig config = manifest == null ? null : manifest.config();
        Check check =
                manifest == null || manifest.engineCheck() == null
                        ? null
                        : new Check(
                                manifest.engineCheck().right(), manifest.engineCheck().summary());
        return new RunSnapshot(
                name,
                null,
                manifest == null ? null : manifest.status(),
                manifest == null ? null : manifest.startedAt(),
                manifest == null ? null : manifest.endedAt(),
                manifest == null ? null : manifest.device(),
                manifest == null ? null : manifest.threads(),
                manifest == null ? null : manifest.seeds(),
                config,
                config == null ? null : config.epochs(),
                manifest == null ? null : manifest.classNames(),
                events,
                check,
                requeues,
                now,
                points,
                epochs,
                epochs.isEmpty() ? null : history.examplesPerSecond(),
                liveRate,
                remaining,
                null);
    }

    /**
     * A directory where no run has started yet.
     *
     * @param name its name
     * @param why what the page waits for
     * @return the snapshot
     */
    public static RunSnapshot waiting(String name, String why) {
        return of(name, null, null, null).with(why, null, null);
    }

    /**
     * A cell of a submitted grid that has not started.
     *
     * @param name its name, e.g. {@code seed-2}
     * @return the snapshot, status {@link #PENDING}
     */
    public static RunSnapshot pending(String name) {
        return of(name, null, null, null).with(null, PENDING, null);
    }

    /**
     * A finished run known only by its history, as a report keeps it.
     *
     * @param name its name, e.g. {@code seed-2}
     * @param history its epochs
     * @return the snapshot, status {@code completed}
     */
    public static RunSnapshot completed(String name, TrainingHistory history) {
        return of(name, null, history, null).with(null, "completed", null);
    }

    /**
     * This snapshot with a problem.
     *
     * @param why why some files could not be read, in one line; null for none
     * @return a copy holding it
     */
    public RunSnapshot withProblem(String why) {
        return with(waiting, status, why);
    }

    private RunSnapshot with(String waiting, String status, String problem) {
        return new RunSnapshot(
                name,
                waiting,
                status,
                startedAt,
                endedAt,
                device,
                threads,
                seeds,
                config,
                plannedEpochs,
                classes,
                events,
                engineCheck,
                requeues,
                live,
                points,
                epochs,
                examplesPerSecond,
                liveExamplesPerSecond,
                remainingSeconds,
                problem);
    }
}
