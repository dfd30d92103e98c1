package io.github.nin4j.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.github.nin4j.machine.Environment;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** Something that happened in a run, recorded in its manifest by type. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RunEvent.Diagnosed.class, name = "diagnosed"),
    @JsonSubTypes.Type(value = RunEvent.Restarted.class, name = "restarted"),
    @JsonSubTypes.Type(value = RunEvent.Screened.class, name = "screened"),
    @JsonSubTypes.Type(
            value = RunEvent.ClassesNeverPredicted.class,
            name = "classes-never-predicted"),
    @JsonSubTypes.Type(value = RunEvent.Resumed.class, name = "resumed"),
    @JsonSubTypes.Type(value = RunEvent.Estimated.class, name = "estimated"),
    @JsonSubTypes.Type(value = RunEvent.Imported.class, name = "imported"),
    @JsonSubTypes.Type(value = RunEvent.Note.class, name = "note")
})
public sealed interface RunEvent {

    /**
     * The event in words, for a console or a log.
     *
     * @return one sentence
     */
    String describe();

    /**
     * The run was found stuck at chance or diverged.
     *
     * @param seed the seed being trained
     * @param kind stuck or diverged
     * @param action what the run does about it
     * @param explanation what went wrong and what to try
     */
    record Diagnosed(
            int seed, PlateauDetector.Diagnosis.Kind kind, OnPlateau action, String explanation)
            implements RunEvent {
        @Override
        public String describe() {
            return kind.name().toLowerCase(Locale.ROOT)
                    + " (seed "
                    + seed
                    + ", action "
                    + action.name().toLowerCase(Locale.ROOT)
                    + "): "
                    + explanation;
        }
    }

    /**
     * Before the first step, candidate initialisations were measured and the run started from the
     * one with the largest gradient at the first convolution (see {@link SeedScreening}).
     *
     * @param candidates each candidate's statistics, in the order drawn
     * @param chosen the seed the run trains
     * @param seconds how long the screening took
     */
    record Screened(List<InitialStatistics> candidates, int chosen, double seconds)
            implements RunEvent {

        /** Copies the list. */
        public Screened {
            candidates = List.copyOf(candidates);
        }

        /**
         * The candidates' seeds, best first: the order in which a restart takes them.
         *
         * @return the seeds by decreasing first-convolution gradient
         */
        public List<Integer> ranking() {
            return SeedScreening.ranking(candidates);
        }

        @Override
        public String describe() {
            String each =
                    candidates.stream()
                            .map(
                                    c ->
                                            String.format(
                                                    Locale.ROOT,
                                                    "seed %d %.2e",
                                                    c.seed(),
                                                    c.firstGradient()))
                            .collect(Collectors.joining(", "));
            return String.format(
                    Locale.ROOT,
                    "screened %d initialisations in %.1f s by the first convolution's gradient"
                            + " after one step (%s): training seed %d",
                    candidates.size(),
                    seconds,
                    each,
                    chosen);
        }
    }

    /**
     * The network was reinitialised with a new seed.
     *
     * @param previousSeed the seed that was stuck
     * @param seed the new seed
     * @param afterEpoch epochs completed with the previous seed
     */
    record Restarted(int previousSeed, int seed, int afterEpoch) implements RunEvent {
        @Override
        public String describe() {
            return "restart: reinitialised with seed %s after epoch %s (seed %s was stuck)"
                    .formatted(seed, afterEpoch, previousSeed);
        }
    }

    /**
     * After an epoch, some classes were never predicted on the test set.
     *
     * @param epoch the epoch
     * @param classes their indices
     */
    record ClassesNeverPredicted(int epoch, List<Integer> classes) implements RunEvent {
        @Override
        public String describe() {
            return ("epoch %s: classes never predicted on the test set %s (their outputs may have"
                            + " died)")
                    .formatted(epoch, classes);
        }
    }

    /**
     * The run was resumed from a checkpoint.
     *
     * @param at when, ISO-8601
     * @param afterEpoch the checkpoint's epoch
     * @param machine operating system, processor and memory of the resuming process; null in
     *     manifests written before it was recorded
     * @param versions application, DJL and engine versions of the resuming process; null likewise
     * @param batch the batches of the next epoch already trained, which the run continues after
     *     (see {@link BatchCheckpoint}); null when it resumed at the epoch's start
     */
    record Resumed(
            String at,
            int afterEpoch,
            Map<String, String> machine,
            Map<String, String> versions,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer batch)
            implements RunEvent {

        @Override
        public String describe() {
            String where =
                    machine == null
                            ? ""
                            : " on %s (cpu family %s)"
                                    .formatted(machine.get("cpu"), machine.get("cpu_family"));
            String after =
                    batch == null
                            ? "after epoch " + afterEpoch
                            : "in epoch " + (afterEpoch + 1) + " after batch " + batch;
            return "resumed at " + at + " " + after + where;
        }

        /**
         * How often Slurm had requeued the task when it resumed, as its machine records it.
         *
         * @return the count; empty outside Slurm and in manifests written before it was recorded
         */
        public OptionalInt slurmRestarts() {
            String count = machine == null ? null : machine.get(Environment.SLURM_RESTART_COUNT);
            return count != null && count.matches("\\d{1,9}")
                    ? OptionalInt.of(Integer.parseInt(count))
                    : OptionalInt.empty();
        }
    }

    /**
     * The run's duration, estimated from its first batches.
     *
     * @param remainingSeconds until the last epoch ends
     * @param secondsPerBatch measured per training batch
     */
    record Estimated(double remainingSeconds, double secondsPerBatch) implements RunEvent {
        @Override
        public String describe() {
            return String.format(
                    "estimated %.0f s to finish (%.2f s per training batch)",
                    remainingSeconds, secondsPerBatch);
        }
    }

    /**
     * The parameters were imported, not trained.
     *
     * @param file the file they came from
     * @param sha256 its SHA-256
     * @param arrays how many arrays it held
     * @param defaultsAtImport the configuration's settings that were not imported but chosen at
     *     import (the seed's values, so that {@code train --resume} has a recipe to continue with),
     *     e.g. {@code epochs}; not measured facts about the parameters. Empty in manifests written
     *     before this was recorded.
     */
    record Imported(String file, String sha256, int arrays, List<String> defaultsAtImport)
            implements RunEvent {

        /** Copies the list; a manifest from before it was recorded has none. */
        public Imported {
            defaultsAtImport = defaultsAtImport == null ? List.of() : List.copyOf(defaultsAtImport);
        }

        @Override
        public String describe() {
            String imported =
                    "imported " + arrays + " arrays from " + file + " (SHA-256 " + sha256 + ")";
            return defaultsAtImport.isEmpty()
                    ? imported
                    : imported
                            + "; chosen at import, not imported: "
                            + String.join(", ", defaultsAtImport);
        }
    }

    /**
     * An event an earlier version recorded as a sentence, read from its manifest.
     *
     * @param text the sentence
     */
    record Note(String text) implements RunEvent {
        @Override
        public String describe() {
            return text;
        }
    }
}
