package io.github.nin4j.cli;

import ai.djl.Device;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.data.ImageDataset;
import io.github.nin4j.experiment.Experiment;
import io.github.nin4j.experiment.ExperimentGrid;
import io.github.nin4j.experiment.ExperimentPlan;
import io.github.nin4j.experiment.ExperimentReport;
import io.github.nin4j.experiment.ExperimentResult;
import io.github.nin4j.experiment.Variant;
import io.github.nin4j.experiment.VariantSummary;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.precision.PrecisionChoice;
import io.github.nin4j.train.TrainingMemory;
import io.github.nin4j.view.ViewServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nin experiment}: the chapter's questions answered by measurement. Trains a grid of
 * variants with several seeds and writes a report; see {@link Experiment}.
 */
@Command(
        name = "experiment",
        description = {
            "Train a grid of NiN variants x seeds with the seed's recipe and report accuracy, runs"
                    + " stuck at chance, overfitting, speed, parameters, multiply-adds and memory.",
            "Each run is an ordinary run directory under OUT/<variant>/seed-<n>; rerunning the same"
                    + " command skips finished runs and resumes an interrupted one. Writes"
                    + " report.md, report.csv, report.json and test-accuracy.png/svg to OUT.",
            "Standard variants: seed, one-1x1, three-1x1, no-1x1, fc-head, lr-0.05, bf16.",
            "With --slurm the cells run as a Slurm array job instead; `nin experiment cell` runs"
                    + " one cell and `nin experiment report` writes the report from the cells"
                    + " that finished."
        },
        subcommands = {ExperimentCellCommand.class, ExperimentReportCommand.class})
final class ExperimentCommand extends Subcommand {

    @Option(
            names = "--grid",
            paramLabel = "FILE",
            description =
                    "JSON grid file: variants (standard names or objects with name, description,"
                            + " pointwise, head, lr, precision), seeds, resize, epochs, limit,"
                            + " batch_size."
                            + " Options given on the command line take precedence.")
    Path gridFile;

    @Option(
            names = "--variants",
            split = ",",
            paramLabel = "NAME",
            description = "Standard variants to run (default: all seven).")
    List<String> variants;

    @Option(
            names = "--seeds",
            split = ",",
            paramLabel = "N",
            description = "Seeds each variant is trained with (default: 1,2,3).")
    List<Integer> seeds;

    @Option(
            names = "--resize",
            description = "Side the images are resized to (default: 224, the seed's).")
    Integer resize;

    @Option(names = "--epochs", description = "Epochs per run (default: 10, the seed's).")
    Integer epochs;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "Use the first N examples of each split; 0 for all (default).")
    Integer limit;

    @Option(names = "--batch-size", description = "Examples per batch (default: 128).")
    Integer batchSize;

    @Option(
            names = "--block",
            paramLabel = "C:K:S:P",
            split = ",",
            description =
                    "The base network's NiN blocks, which every variant changes (default: the"
                            + " seed's 96:11:4:0,256:5:1:2,384:3:1:1,10:3:1:1); the last block's"
                            + " width becomes the data's number of classes.")
    List<String> blocks;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description =
                    "Experiment directory (default: experiments/<timestamp>); give an existing one"
                            + " to continue it.")
    Path out;

    @Mixin DataOptions dataOptions;

    @Mixin EngineOptions engineOptions;

    @Mixin ViewOptions viewOptions;

    @Mixin SlurmOptions slurmOptions;

    @Override
    public Integer call() {
        if (slurmOptions.slurm) {
            return SlurmSubmit.submit(this);
        }
        ExperimentGrid grid = grid();
        PrintWriter stdout = stdout();
        Device device = engineOptions.apply();
        ImageDataset data = dataOptions.dataset(stderr(), grid.resize());
        Path root = out != null ? out : Commands.timestamped("experiments");
        int cells = grid.variants().size() * grid.seeds().size();
        stdout.printf(
                "NiN experiment: %d variants x %d seeds = %d runs; resize %d, %d epochs, batch"
                        + " %d%s%n",
                grid.variants().size(),
                grid.seeds().size(),
                cells,
                grid.resize(),
                grid.epochs(),
                grid.batchSize(),
                grid.limit() > 0 ? ", first " + grid.limit() + " examples" : "");
        stdout.println(engineOptions.describe(device));
        stdout.printf("data: %s%ndirectory: %s%n", data.description(), root);
        stdout.flush();
        NinArchitecture base = base(data, blocks);
        checkMemory(grid, base);
        ExperimentResult result;
        try (StopOnInterrupt stop = new StopOnInterrupt();
                ViewServer view = viewOptions.start(root, stdout)) {
            result =
                    Experiment.builder()
                            .optBaseArchitecture(base)
                            .setGrid(grid)
                            .setData(data)
                            .setDirectory(root)
                            .optCompute(engineOptions.compute(device, PrecisionChoice.FP32))
                            .optListener(new ExperimentConsole(stdout))
                            .optStopSignal(stop::requested)
                            .build()
                            .run();
        }
        if (!result.complete()) {
            stdout.printf(
                    "interrupted after %d of %d runs; continue with the same command and --out %s%n",
                    result.cells().size(), cells, root);
            stdout.flush();
            return 130;
        }
        ExperimentReport report = ExperimentReport.of(result);
        report.write(root);
        stdout.println();
        printSummaries(stdout, report);
        stdout.printf(
                "report: %s (report.csv, report.json, test-accuracy.png, test-accuracy.svg)%n",
                root.resolve("report.md"));
        stdout.flush();
        return 0;
    }

    /** The base network: the seed's, or the blocks given, for the data's channels and classes. */
    static NinArchitecture base(ImageDataset data, List<String> blocks) {
        NinArchitecture.Builder base =
                NinArchitecture.builder()
                        .optInputChannels(data.channels())
                        .optClasses(data.classNames().size());
        if (blocks != null && !blocks.isEmpty()) {
            base.optBlocks(blocks.stream().map(BlockSpec::parse).toList());
        }
        return base.build();
    }

    /**
     * The experiment a plan describes, over its data, in its directory: what a cluster's task, the
     * report and a submission each build.
     */
    static Experiment.Builder planned(ExperimentPlan plan, ImageDataset data, Path root) {
        return Experiment.builder()
                .optBaseArchitecture(base(data, plan.blocks()))
                .setGrid(plan.grid())
                .setData(data)
                .setDirectory(root);
    }

    /** The data a plan names, loaded as its cells load it. */
    static ImageDataset dataOf(ExperimentPlan plan, PrintWriter progress) {
        return DataOptions.parse(plan.dataArguments()).dataset(progress, plan.grid().resize());
    }

    /** Every variant's size is checked before the experiment's directory exists. */
    static void checkMemory(ExperimentGrid grid, NinArchitecture base) {
        long available = TrainingMemory.availableBytes();
        for (Variant variant : grid.variants()) {
            TrainingMemory.check(
                    variant.architecture(base), grid.resize(), grid.batchSize(), available);
        }
    }

    /** The table of variants, as the report has it. */
    static void printSummaries(PrintWriter stdout, ExperimentReport report) {
        stdout.printf(
                "%-10s %12s %10s %22s %8s %8s %8s%n",
                "variant", "parameters", "MACs", "test acc mean [min,max]", "stuck", "gap", "ex/s");
        for (VariantSummary s : report.summaries()) {
            stdout.printf(
                    Locale.ROOT,
                    "%-10s %,12d %9.1fM %7.3f [%.3f, %.3f] %5d/%-2d %+8.3f %8.1f%n",
                    s.variant().name(),
                    s.cost().parameters(),
                    s.cost().multiplyAdds() / 1e6,
                    s.testAccuracyMean(),
                    s.testAccuracyMin(),
                    s.testAccuracyMax(),
                    s.stuckAfterFirstEpoch(),
                    s.runs(),
                    s.generalisationGap(),
                    s.examplesPerSecond());
        }
    }

    /** Whether any option that sets the grid was given. */
    boolean gridGiven() {
        return gridFile != null
                || variants != null
                || seeds != null
                || resize != null
                || epochs != null
                || limit != null
                || batchSize != null;
    }

    /** The grid file's or the standard grid, with the command line's options on top. */
    ExperimentGrid grid() {
        ExperimentGrid grid =
                gridFile != null ? ExperimentGrid.read(gridFile) : ExperimentGrid.standard();
        if (variants != null) {
            grid = grid.withVariants(variants.stream().map(Variant::standard).toList());
        }
        if (seeds != null) {
            grid = grid.withSeeds(seeds);
        }
        int newResize = resize != null ? resize : grid.resize();
        int newEpochs = epochs != null ? epochs : grid.epochs();
        int newLimit = limit != null ? limit : grid.limit();
        int newBatch = batchSize != null ? batchSize : grid.batchSize();
        if (newResize < 1 || newEpochs < 1 || newLimit < 0 || newBatch < 1) {
            throw new InvalidInputException(
                    "--resize, --epochs and --batch-size must be at least 1 and --limit at least 0");
        }
        return grid.withSize(newResize, newEpochs, newLimit, newBatch);
    }
}
