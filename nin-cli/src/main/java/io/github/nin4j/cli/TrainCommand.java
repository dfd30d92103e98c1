package io.github.nin4j.cli;

import ai.djl.Device;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.data.ImageDataset;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.precision.PrecisionChoice;
import io.github.nin4j.train.EpochMetrics;
import io.github.nin4j.train.Manifest;
import io.github.nin4j.train.OnPlateau;
import io.github.nin4j.train.ResumePolicy;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.RunListener;
import io.github.nin4j.train.SeedScreening;
import io.github.nin4j.train.TrainingConfig;
import io.github.nin4j.train.TrainingLoop;
import io.github.nin4j.train.TrainingMemory;
import io.github.nin4j.train.TrainingResult;
import io.github.nin4j.train.TrainingStatus;
import io.github.nin4j.train.listener.RunListeners;
import io.github.nin4j.train.listener.StopSignal;
import io.github.nin4j.view.LiveView;
import io.github.nin4j.view.ViewServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nin train}: the seed's training run, {@code d2l.train_ch6(net, train_iter, test_iter,
 * num_epochs=10, lr=0.1)} on Fashion-MNIST resized to 224 with batch 128, with progress, curves,
 * checkpoints and resume.
 */
@Command(
        name = "train",
        description = {
            "Train NiN on Fashion-MNIST with the seed's recipe (d2l train_ch6): plain SGD, softmax"
                    + " cross-entropy, 10 epochs, lr 0.1, batch 128, images resized to 224.",
            "Writes metrics (CSV, JSON), curves (PNG, SVG), checkpoints and a manifest to the run"
                    + " directory. Ctrl-C stops after the current batch; --resume continues."
        })
final class TrainCommand extends Subcommand {

    @Option(
            names = "--epochs",
            defaultValue = "10",
            description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--lr",
            defaultValue = "0.1",
            description = "SGD learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(
            names = "--batch-size",
            defaultValue = "128",
            description = "Examples per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--resize",
            defaultValue = "224",
            description =
                    "Side the 28x28 images are resized to, bilinear (default: ${DEFAULT-VALUE}).")
    int resize;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "0",
            description = "Use the first N examples of each split; 0 for all (default).")
    int limit;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description =
                    "Seed of initialisation, shuffling and dropout (default: ${DEFAULT-VALUE}).")
    int seed;

    @Option(
            names = "--on-plateau",
            paramLabel = "warn|restart|stop",
            defaultValue = "restart",
            converter = OnPlateauConverter.class,
            description =
                    "When the run is stuck at chance for a whole epoch (NiN's known failure) or"
                            + " diverges: restart with a new seed (default, at most 3 times), warn"
                            + " and go on (the seed's own behaviour), or stop.")
    OnPlateau onPlateau;

    @Option(
            names = "--screen",
            paramLabel = "N",
            description =
                    "Before training, initialise N candidates (the seed, then the seeds a restart"
                            + " would take) and train the one whose first convolution gets the"
                            + " largest gradient after one step; the manifest records them all."
                            + " 1 trains the seed itself, as the seed's recipe does (default: "
                            + SeedScreening.DEFAULT_CANDIDATES
                            + " with --on-plateau restart, 1 with warn or stop).")
    Integer screen;

    @Option(
            names = "--out",
            paramLabel = "RUN_DIR",
            description = "Run directory (default: runs/<timestamp>).")
    Path out;

    @Option(
            names = "--resume",
            paramLabel = "RUN_DIR",
            description =
                    "Continue a run from its last completed epoch, or from the batch where an"
                            + " interrupted epoch stopped, with its configuration and precision.")
    Path resume;

    @Mixin ArchitectureOptions architectureOptions;

    @Mixin DataOptions dataOptions;

    @Mixin EngineOptions engineOptions;

    @Mixin PrecisionOptions precisionOptions;

    @Mixin ViewOptions viewOptions;

    @Override
    public Integer call() {
        PrintWriter stdout = stdout();
        boolean resuming = resume != null;
        boolean continuing = false;
        Device device = engineOptions.apply();
        PrintWriter err = stderr();
        RunDirectory run;
        int done = 0;
        int trainedSeed;
        TrainingConfig config;
        ImageDataset data;
        PrecisionChoice precision = precisionOptions.choice();
        if (screen != null && (screen < 1 || screen > SeedScreening.MAX_CANDIDATES)) {
            throw new InvalidInputException(
                    "--screen must be 1 (train the seed itself) to %d candidates, got %d"
                            .formatted(SeedScreening.MAX_CANDIDATES, screen));
        }
        if (resuming) {
            if (out != null) {
                throw new InvalidInputException(
                        "--resume and --out both name a run directory; give only --resume "
                                + resume);
            }
            // A run killed at any moment resumes, from its start if no epoch was saved.
            Manifest previous = RunDirectory.openToResume(resume).readManifest();
            if (screen != null && screen != previous.screeningCandidates()) {
                throw new InvalidInputException(
                        "cannot resume %s with --screen %d: the run screens %d; leave --screen out"
                                .formatted(resume, screen, previous.screeningCandidates()));
            }
            data = dataOptions.datasetOf(err, previous);
            ResumePolicy.Resumption decided = decideResume(data);
            if (decided.state() == ResumePolicy.State.COMPLETE) {
                throw new InvalidInputException(
                        "run %s has completed all %d epochs; give a larger --epochs to train further"
                                .formatted(resume, decided.config().epochs()));
            }
            config = decided.config();
            precision = decided.precision();
            TrainingMemory.check(config);
            run = decided.open();
            continuing = decided.state() == ResumePolicy.State.RESUME;
            trainedSeed = continuing ? previous.currentSeed() : config.seed();
            done = decided.completedEpochs();
        } else {
            data = dataOptions.dataset(err, resize);
            config = newConfig(data);
            // Every setting is checked before the run directory exists, so a refusal leaves none.
            TrainingMemory.check(config);
            run = RunDirectory.create(out != null ? out : Commands.timestamped("runs"));
            trainedSeed = config.seed();
        }

        stdout.printf(
                "NiN training: %d epochs, lr %s, batch %d, resize %d, seed %d%s%n",
                config.epochs(),
                config.learningRate(),
                config.batchSize(),
                config.resize(),
                // A resumed run continues the seed it was training, which a restart may have
                // changed from the one it started with.
                trainedSeed,
                config.limit() > 0 ? ", first " + config.limit() + " examples" : "");
        stdout.println(engineOptions.describe(device));
        stdout.printf(
                "data: %s; train %d, test %d examples%n",
                data.description(), data.train().size(), data.test().size());
        stdout.printf(
                "run directory: %s%s%n",
                run.root(),
                resuming
                        ? done == 0
                                ? " (resuming from the start: no epoch of its seed was saved)"
                                : " (resuming after epoch " + done + ")"
                        : "");
        stdout.flush();

        TrainingConsole console =
                new TrainingConsole(
                        stdout,
                        System.console() != null ? System.err : null,
                        config.epochs(),
                        data.classNames());
        try (StopOnInterrupt stop = new StopOnInterrupt();
                ViewServer view = viewOptions.start(run.root(), stdout)) {
            List<RunListener> live =
                    view == null
                            ? List.of()
                            : List.of(new LiveView(run, data.test(), data.classNames(), err));
            TrainingResult result =
                    TrainingLoop.builder()
                            .setConfig(config)
                            .setData(data)
                            .setRunDirectory(run)
                            .optCompute(engineOptions.compute(device, precision))
                            .addListeners(RunListeners.standard(run))
                            .addListeners(console, new StopSignal(stop::requested))
                            .addListeners(live)
                            .optScreening(candidates(config))
                            .optResume(continuing)
                            .build()
                            .run();
            console.close();
            return report(stdout, result, run, device);
        } finally {
            console.close();
        }
    }

    private int report(PrintWriter stdout, TrainingResult result, RunDirectory run, Device device) {
        List<EpochMetrics> epochs = result.history().epochs();
        if (!epochs.isEmpty()) {
            EpochMetrics last = epochs.get(epochs.size() - 1);
            // The seed's two closing lines (d2l train_ch6).
            stdout.printf(
                    "loss %.3f, train acc %.3f, test acc %.3f%n",
                    last.trainLoss(), last.trainAccuracy(), last.testAccuracy());
            stdout.printf(
                    "%.1f examples/sec on %s%n",
                    result.history().examplesPerSecond(), deviceName(device));
        }
        int done = epochs.size();
        if (result.status() == TrainingStatus.INTERRUPTED) {
            stdout.printf(
                    "interrupted: %s; continue with: ./nin train --resume %s%n",
                    result.interrupted() != null
                            ? "epoch %d stopped after batch %d; saved"
                                    .formatted(
                                            result.interrupted().epoch(),
                                            result.interrupted().batch())
                            : done == 0
                                    ? "no epoch was completed"
                                    : "epochs 1-" + done + " are saved",
                    run.root());
            stdout.flush();
            return 130;
        }
        if (result.status() == TrainingStatus.STOPPED) {
            stdout.printf("stopped (--on-plateau stop); see %s%n", run.file("manifest.json"));
            stdout.flush();
            return 1;
        }
        stdout.printf("run directory: %s (curves.png, history.csv, manifest.json)%n", run.root());
        stdout.flush();
        return 0;
    }

    private static String deviceName(Device device) {
        return device.isGpu() ? "cuda:" + device.getDeviceId() : "cpu";
    }

    private TrainingConfig newConfig(ImageDataset data) {
        int classes = data.classNames().size();
        NinArchitecture architecture = architectureOptions.architecture(data.channels(), classes);
        if (architecture.classes() != classes) {
            throw new InvalidInputException(
                    "--classes %d does not match the data's %d classes; leave it out, or use %d"
                            .formatted(architecture.classes(), classes, classes));
        }
        return new TrainingConfig(
                architecture, epochs, lr, batchSize, resize, limit, seed, onPlateau);
    }

    /** The options that set each of the library's settings. */
    private static final Map<String, List<String>> OPTIONS =
            Map.of(
                    TrainingConfig.EPOCHS, List.of("--epochs"),
                    TrainingConfig.LEARNING_RATE, List.of("--lr"),
                    TrainingConfig.BATCH_SIZE, List.of("--batch-size"),
                    TrainingConfig.INPUT_SIZE, List.of("--resize"),
                    TrainingConfig.LIMIT, List.of("--limit"),
                    TrainingConfig.SEED, List.of("--seed"),
                    TrainingConfig.ON_PLATEAU, List.of("--on-plateau"),
                    TrainingConfig.NETWORK,
                            List.of("--classes", "--block", "--dropout", "--pointwise", "--head"),
                    ResumePolicy.PRECISION, List.of("--precision"));

    /**
     * How the run given to --resume continues, by the library's policy: the options given are the
     * settings fixed, each named in a refusal by the option that set it.
     */
    private ResumePolicy.Resumption decideResume(ImageDataset data) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        Map<String, String> given = new LinkedHashMap<>();
        OPTIONS.forEach(
                (setting, options) ->
                        options.stream()
                                .filter(parsed::hasMatchedOption)
                                .findFirst()
                                .ifPresent(option -> given.put(setting, option)));
        return ResumePolicy.worded(
                        "run",
                        setting -> given.getOrDefault(setting, setting),
                        "drop those options to resume, or start a new run with --out")
                .decide(
                        resume,
                        newConfig(data),
                        given.keySet(),
                        given.containsKey(ResumePolicy.PRECISION)
                                ? precisionOptions.choice()
                                : PrecisionChoice.AUTO);
    }

    /** The candidates to screen: as asked, else by default with restarts and none without. */
    private int candidates(TrainingConfig config) {
        if (screen != null) {
            return screen;
        }
        return config.onPlateau() == OnPlateau.RESTART ? SeedScreening.DEFAULT_CANDIDATES : 1;
    }

    /**
     * {@code --on-plateau}'s names in any case, refused in the project's one line (an {@link
     * InvalidInputException}, which {@link NinCommand} prints) rather than picocli's usage.
     */
    static final class OnPlateauConverter implements CommandLine.ITypeConverter<OnPlateau> {
        @Override
        public OnPlateau convert(String value) {
            for (OnPlateau action : OnPlateau.values()) {
                if (action.name().equalsIgnoreCase(value)) {
                    return action;
                }
            }
            throw new InvalidInputException(
                    "--on-plateau must be warn, restart or stop, got '" + value + "'");
        }
    }
}
