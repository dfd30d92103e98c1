package io.github.nin4j.experiment;

import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.compute.ComputeChoice;
import io.github.nin4j.data.ImageDataset;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.precision.PrecisionChoice;
import io.github.nin4j.train.Manifest;
import io.github.nin4j.train.OnPlateau;
import io.github.nin4j.train.ResumePolicy;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.RunEvent;
import io.github.nin4j.train.RunListener;
import io.github.nin4j.train.TrainingConfig;
import io.github.nin4j.train.TrainingLoop;
import io.github.nin4j.train.TrainingResult;
import io.github.nin4j.train.TrainingStatus;
import io.github.nin4j.train.listener.RunListeners;
import io.github.nin4j.train.listener.StopSignal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * Trains every variant of a grid with every seed, each cell an ordinary run directory under the
 * experiment's directory, then measures each variant's cost. Cells are taken seed by seed, the
 * variants alternating, so that a machine's slow spell does not fall on one variant only.
 *
 * <p>Rerunning an experiment continues it: finished cells are read back, not trained again, and an
 * interrupted cell resumes from its last completed epoch. A cell directory holding a different
 * configuration, or epochs computed in another precision, is refused rather than overwritten.
 *
 * <p>Every cell runs the recipe literally, warning on a plateau but never restarting, so that the
 * report's fraction of runs stuck at chance is the recipe's own.
 */
public final class Experiment {

    private final ExperimentGrid grid;
    private final ImageDataset data;
    private final Path root;
    private final ComputeChoice compute;
    private final ExperimentListener listener;
    private final BooleanSupplier stopRequested;
    private final VariantCost.Meter meter;
    private final NinArchitecture base;

    private Experiment(Builder builder) {
        this.grid = builder.grid;
        this.data = builder.data;
        this.root = builder.root;
        this.compute = builder.compute;
        this.listener = builder.listener;
        this.stopRequested = builder.stopRequested;
        this.meter = builder.meter;
        this.base =
                builder.base != null
                        ? builder.base
                        : NinArchitecture.builder()
                                .optInputChannels(data.channels())
                                .optClasses(data.classNames().size())
                                .build();
    }

    /**
     * Starts a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The network every variant starts from: by default the seed's, for the data's channels and
     * classes.
     *
     * @return the base network
     */
    public NinArchitecture baseArchitecture() {
        return base;
    }

    /**
     * The cells in the order they run: seed by seed, the variants alternating.
     *
     * @return every cell of the grid
     */
    public List<Cell> cells() {
        return grid.seeds().stream()
                .flatMap(seed -> grid.variants().stream().map(v -> Cell.of(root, v, seed)))
                .toList();
    }

    /**
     * The training configuration of a cell.
     *
     * @param cell the cell
     * @return its recipe
     */
    public TrainingConfig config(Cell cell) {
        return new TrainingConfig(
                cell.variant().architecture(baseArchitecture()),
                grid.epochs(),
                cell.variant().learningRate(),
                grid.batchSize(),
                grid.resize(),
                grid.limit(),
                cell.seed(),
                OnPlateau.WARN);
    }

    /**
     * Runs the cells not finished yet, then measures the variants' costs.
     *
     * @return the results; incomplete when the stop signal came first
     */
    public ExperimentResult run() {
        List<Cell> cells = cells();
        // Refuses a size some variant cannot take before anything trains.
        cells.forEach(this::config);
        List<CellResult> results = new ArrayList<>();
        ConvolutionLayout layout = null;
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            CellRun run = runCell(cell, i + 1, cells.size());
            if (run.result() == null) {
                return new ExperimentResult(grid, results, List.of(), false, List.of());
            }
            results.add(run.result());
            listener.onCellEnd(run.result(), i + 1, cells.size(), run.skipped());
            layout = run.layout();
        }
        return new ExperimentResult(grid, results, costs(layout), true, List.of());
    }

    /**
     * Runs one cell, as a cluster's task does: the cell of that index in {@link #cells()}'s order,
     * resumed when it started before, skipped when it has finished.
     *
     * @param index the cell's index, from 0
     * @return the cell's result; empty when the stop signal came first
     * @throws InvalidInputException when no cell has that index
     */
    public Optional<CellResult> runCell(int index) {
        List<Cell> cells = cells();
        if (index < 0 || index >= cells.size()) {
            throw new InvalidInputException(
                    "the grid has cells 0 to %d, not %d; give an index in that range"
                            .formatted(cells.size() - 1, index));
        }
        Cell cell = cells.get(index);
        CellRun run = runCell(cell, index + 1, cells.size());
        if (run.result() != null) {
            listener.onCellEnd(run.result(), index + 1, cells.size(), run.skipped());
        }
        return Optional.ofNullable(run.result());
    }

    /**
     * The cells that have not finished, by index in {@link #cells()}'s order: never started,
     * interrupted, failed, or trained for fewer epochs than the grid's.
     *
     * @return their indices
     */
    public List<Integer> unfinishedIndices() {
        List<Cell> cells = cells();
        return IntStream.range(0, cells.size())
                .filter(i -> finished(cells.get(i)).isEmpty())
                .boxed()
                .toList();
    }

    /** The cell's run directory when the resume policy finds it complete. */
    private Optional<RunDirectory> finished(Cell cell) {
        return decide(cell).state() == ResumePolicy.State.COMPLETE
                ? Optional.of(RunDirectory.openToResume(cell.directory()))
                : Optional.empty();
    }

    /**
     * What the cell's directory does, by the one resume policy: every setting of a cell is fixed by
     * its grid, and its precision by its variant.
     */
    private ResumePolicy.Resumption decide(Cell cell) {
        return ResumePolicy.worded(
                        "cell",
                        UnaryOperator.identity(),
                        "give the experiment another directory, or move that one away")
                .decide(
                        cell.directory(),
                        config(cell),
                        TrainingConfig.SETTINGS,
                        PrecisionChoice.of(cell.variant().precision()));
    }

    /**
     * What the experiment's directory holds now, trained by whatever ran its cells: the finished
     * cells, each unfinished one with its state, and, when at least one cell finished, each
     * variant's cost. Trains nothing.
     *
     * @param lastOutput the last line a cell's process printed, where the caller keeps it
     * @return the result; complete when every cell finished
     */
    public ExperimentResult collect(Function<Cell, Optional<String>> lastOutput) {
        List<CellResult> results = new ArrayList<>();
        List<UnfinishedCell> unfinished = new ArrayList<>();
        ConvolutionLayout layout = null;
        for (Cell cell : cells()) {
            Optional<RunDirectory> done = finished(cell);
            if (done.isPresent()) {
                results.add(resultOf(cell, done.get()));
                layout = done.get().readManifest().engineCheck().layout();
                continue;
            }
            Optional<RunDirectory> started = RunDirectory.started(cell.directory());
            unfinished.add(
                    new UnfinishedCell(
                            cell,
                            started.map(run -> run.readManifest().status()).orElse("never ran"),
                            started.filter(RunDirectory::hasCompletedEpoch)
                                    .map(run -> run.readHistory().completedEpochs())
                                    .orElse(0),
                            lastOutput.apply(cell).orElse(null)));
        }
        if (results.isEmpty()) {
            return new ExperimentResult(grid, results, List.of(), false, unfinished);
        }
        return new ExperimentResult(grid, results, costs(layout), unfinished.isEmpty(), unfinished);
    }

    private List<VariantCost> costs(ConvolutionLayout layout) {
        List<VariantCost> costs = new ArrayList<>();
        for (Variant variant : grid.variants()) {
            listener.onMeasuringCost(variant);
            costs.add(
                    meter.cost(
                            variant.name(),
                            variant.architecture(baseArchitecture()),
                            grid.resize(),
                            grid.batchSize(),
                            layout,
                            variant.precision(),
                            root.resolve(variant.name())));
        }
        return costs;
    }

    private record CellRun(CellResult result, ConvolutionLayout layout, boolean skipped) {}

    private CellRun runCell(Cell cell, int index, int total) {
        TrainingConfig config = config(cell);
        Path dir = cell.directory();
        // A cell killed at any moment resumes.
        ResumePolicy.Resumption decided = decide(cell);
        if (decided.state() == ResumePolicy.State.COMPLETE) {
            RunDirectory done = RunDirectory.openToResume(dir);
            return new CellRun(
                    resultOf(cell, done), done.readManifest().engineCheck().layout(), true);
        }
        boolean resuming = decided.state() == ResumePolicy.State.RESUME;
        listener.onCellStart(cell, index, total, resuming);
        RunDirectory run = decided.open();
        List<RunListener> extra = listener.runListeners(cell);
        TrainingResult result =
                TrainingLoop.builder()
                        .setConfig(config)
                        .setData(data)
                        .setRunDirectory(run)
                        .optCompute(compute.withPrecision(decided.precision()))
                        .optResume(resuming)
                        // Every cell is an ordinary run directory, as nin train writes it.
                        .addListeners(RunListeners.standard(run))
                        .addListeners(extra)
                        .addListeners(new StopSignal(stopRequested))
                        .build()
                        .run();
        if (result.status() != TrainingStatus.COMPLETED) {
            return new CellRun(null, null, false);
        }
        return new CellRun(resultOf(cell, run), run.readManifest().engineCheck().layout(), false);
    }

    private CellResult resultOf(Cell cell, RunDirectory run) {
        Manifest manifest = run.readManifest();
        var history = run.readHistory();
        int lastEpoch = history.completedEpochs();
        int never =
                manifest.events().stream()
                        .filter(RunEvent.ClassesNeverPredicted.class::isInstance)
                        .map(RunEvent.ClassesNeverPredicted.class::cast)
                        .filter(e -> e.epoch() == lastEpoch)
                        .mapToInt(e -> e.classes().size())
                        .findFirst()
                        .orElse(0);
        return new CellResult(cell, history, never, manifest.config().architecture().classes());
    }

    /** Builds an {@link Experiment}; the grid, the data and the directory are required. */
    public static final class Builder {
        private ExperimentGrid grid;
        private ImageDataset data;
        private Path root;
        private ComputeChoice compute = ComputeChoice.defaults();
        private ExperimentListener listener = new ExperimentListener() {};
        private BooleanSupplier stopRequested = () -> false;
        private VariantCost.Meter meter = VariantCost.Meter.inChildProcesses();
        private NinArchitecture base;

        private Builder() {}

        /**
         * Sets the network the variants change (default: the seed's, for the data's channels and
         * classes).
         *
         * @param base the base network
         * @return this builder
         */
        public Builder optBaseArchitecture(NinArchitecture base) {
            this.base = base;
            return this;
        }

        /**
         * Sets the grid.
         *
         * @param grid variants, seeds and size
         * @return this builder
         */
        public Builder setGrid(ExperimentGrid grid) {
            this.grid = grid;
            return this;
        }

        /**
         * Sets the data every cell trains and tests on.
         *
         * @param data the data set
         * @return this builder
         */
        public Builder setData(ImageDataset data) {
            this.data = data;
            return this;
        }

        /**
         * Sets the experiment's directory, which holds one directory per variant.
         *
         * @param root the directory
         * @return this builder
         */
        public Builder setDirectory(Path root) {
            this.root = root;
            return this;
        }

        /**
         * Sets the device and how the layout is chosen (default {@link ComputeChoice#defaults()}).
         * Each cell computes in its variant's precision, whatever precision the choice names.
         *
         * @param compute the choice
         * @return this builder
         */
        public Builder optCompute(ComputeChoice compute) {
            this.compute = compute;
            return this;
        }

        /**
         * Sets the listener told of each cell (default none).
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder optListener(ExperimentListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Sets the signal that stops the experiment after the current batch (default never).
         *
         * @param stopRequested true once the user asked to stop
         * @return this builder
         */
        public Builder optStopSignal(BooleanSupplier stopRequested) {
            this.stopRequested = stopRequested;
            return this;
        }

        /**
         * Sets how variants' costs are measured (default: memory in a child process per
         * measurement, see {@link VariantCost.Meter#inChildProcesses()}).
         *
         * @param meter the meter
         * @return this builder
         */
        public Builder optMeter(VariantCost.Meter meter) {
            this.meter = meter;
            return this;
        }

        /**
         * Builds the experiment.
         *
         * @return the experiment
         */
        public Experiment build() {
            if (grid == null || data == null || root == null) {
                throw new IllegalStateException("grid, data and directory are required");
            }
            return new Experiment(this);
        }
    }
}
