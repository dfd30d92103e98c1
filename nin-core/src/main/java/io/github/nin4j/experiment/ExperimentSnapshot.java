package io.github.nin4j.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.nin4j.train.EpochMetrics;
import io.github.nin4j.train.ProgressPoint;
import io.github.nin4j.train.RunSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An experiment's state at a moment, as a page shows it: each variant with its seeds' runs (those
 * of a submitted grid that have not started as pending) and their mean curves, and the report's
 * table once there is one. It is built from what was read of the experiment's directory ({@link
 * #builder()}), and serialises to JSON with the components' names, absent values left out.
 *
 * @param variants the variants: the grid's, in its order, then any other variant directory
 * @param table the report's table, header first; null before the report is written
 * @param problem why some of the experiment's files could not be read, in one line
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentSnapshot(
        List<VariantState> variants, List<List<String>> table, String problem) {

    /** Copies the lists. */
    public ExperimentSnapshot {
        variants = List.copyOf(variants);
        table = table == null ? null : table.stream().map(List::copyOf).toList();
    }

    /**
     * A variant's runs and their mean curves.
     *
     * @param name the variant's name
     * @param description what differs from the seed, in words; empty when unknown
     * @param runs its cells: the pending ones first, then those that started, by directory
     * @param mean the mean curves over the runs
     */
    public record VariantState(
            String name, String description, List<RunSnapshot> runs, MeanCurves mean) {

        /** Copies the list. */
        public VariantState {
            runs = List.copyOf(runs);
        }
    }

    /**
     * A variant's mean curves over its seeds, each point with the seeds' lowest and highest value,
     * averaged over the runs that reached it ({@link SeedSpread#over}).
     *
     * @param test test accuracy, per epoch
     * @param loss training loss, per curve point
     * @param trainAccuracy training accuracy, per curve point
     */
    public record MeanCurves(
            List<SeedSpread> test, List<SeedSpread> loss, List<SeedSpread> trainAccuracy) {

        /** Copies the lists. */
        public MeanCurves {
            test = List.copyOf(test);
            loss = List.copyOf(loss);
            trainAccuracy = List.copyOf(trainAccuracy);
        }

        /**
         * The mean curves of some runs.
         *
         * @param runs the runs; those without epochs or points add nothing
         * @return the curves
         */
        public static MeanCurves of(List<RunSnapshot> runs) {
            List<List<EpochMetrics>> epochs = runs.stream().map(RunSnapshot::epochs).toList();
            List<List<ProgressPoint>> points = runs.stream().map(RunSnapshot::points).toList();
            return new MeanCurves(
                    SeedSpread.over(epochs, EpochMetrics::epoch, EpochMetrics::testAccuracy),
                    SeedSpread.over(points, ProgressPoint::epoch, ProgressPoint::trainLoss),
                    SeedSpread.over(points, ProgressPoint::epoch, ProgressPoint::trainAccuracy));
        }
    }

    /**
     * A builder for an experiment's snapshot.
     *
     * @return a builder with nothing read yet
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects what was read of an experiment's directory. */
    public static final class Builder {

        private ExperimentPlan plan;
        private ExperimentReport.Saved report;
        private final Map<String, List<RunSnapshot>> cells = new LinkedHashMap<>();
        private List<List<String>> table;
        private String problem;

        private Builder() {}

        /**
         * The plan of a grid submitted to a cluster: its variants, and its seeds, whose cells not
         * started yet are pending.
         *
         * @param plan the plan; null for none
         * @return this builder
         */
        public Builder optPlan(ExperimentPlan plan) {
            this.plan = plan;
            return this;
        }

        /**
         * The report's grid and runs: the variants' order and descriptions, and the runs of a
         * variant whose directory is not kept (a report kept on its own).
         *
         * @param report what the report keeps; null for none
         * @return this builder
         */
        public Builder optReport(ExperimentReport.Saved report) {
            this.report = report;
            return this;
        }

        /**
         * The runs found in a variant's directory.
         *
         * @param variant the variant's name, its directory's
         * @param runs its cells' snapshots, by directory name
         * @return this builder
         */
        public Builder addCells(String variant, List<RunSnapshot> runs) {
            cells.computeIfAbsent(
                            Objects.requireNonNull(variant, "variant"), v -> new ArrayList<>())
                    .addAll(runs);
            return this;
        }

        /**
         * The report's table.
         *
         * @param rows its rows, header first; null for none
         * @return this builder
         */
        public Builder optTable(List<List<String>> rows) {
            this.table = rows;
            return this;
        }

        /**
         * Why some of the experiment's files could not be read.
         *
         * @param why one line; null for none
         * @return this builder
         */
        public Builder optProblem(String why) {
            this.problem = why;
            return this;
        }

        /**
         * The snapshot: the variants of the report's grid, then the plan's, then any other
         * directory with cells; each with the plan's seeds not started as pending, then its cells,
         * or, without cells, the report's runs of it.
         *
         * @return the snapshot
         */
        public ExperimentSnapshot build() {
            Set<String> names = new LinkedHashSet<>();
            Map<String, String> descriptions = new HashMap<>();
            for (ExperimentGrid grid :
                    new ExperimentGrid[] {
                        report == null ? null : report.grid(), plan == null ? null : plan.grid()
                    }) {
                if (grid != null) {
                    for (Variant v : grid.variants()) {
                        names.add(v.name());
                        descriptions.putIfAbsent(
                                v.name(), Objects.requireNonNullElse(v.description(), ""));
                    }
                }
            }
            names.addAll(cells.keySet());
            List<VariantState> variants = new ArrayList<>();
            for (String name : names) {
                List<RunSnapshot> started = cells.getOrDefault(name, List.of());
                List<RunSnapshot> runs = new ArrayList<>();
                if (plan != null) {
                    for (int seed : plan.grid().seeds()) {
                        String cell = Cell.directoryName(seed);
                        if (started.stream().noneMatch(r -> r.name().equals(cell))) {
                            runs.add(RunSnapshot.pending(cell));
                        }
                    }
                }
                if (!started.isEmpty()) {
                    runs.addAll(started);
                } else if (report != null) {
                    for (CellResult r : report.runs()) {
                        if (r.cell().variant().name().equals(name)) {
                            runs.add(
                                    RunSnapshot.completed(
                                            Cell.directoryName(r.cell().seed()), r.history()));
                        }
                    }
                }
                variants.add(
                        new VariantState(
                                name,
                                descriptions.getOrDefault(name, ""),
                                runs,
                                MeanCurves.of(runs)));
            }
            return new ExperimentSnapshot(variants, table, problem);
        }
    }
}
