package io.github.nin4j.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import io.github.nin4j.data.BatchLoader;
import io.github.nin4j.data.FashionMnist;
import io.github.nin4j.data.ImageSet;
import io.github.nin4j.engine.EngineCheck;
import io.github.nin4j.engine.EngineFaultException;
import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.engine.LayoutChoice;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinNetwork;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * d2l's {@code train_ch6} for NiN (Dive into Deep Learning, section "Network in Network"): plain
 * SGD on softmax cross-entropy, the training set shuffled every epoch, metrics with d2l's
 * definitions, and the test set evaluated after each epoch in evaluation mode. Each epoch is
 * checkpointed to the run directory; a resumed run continues from the last completed epoch.
 *
 * <p>Reproducibility: initialisation uses the run's seed, the shuffled order is a function of
 * (seed, epoch), and the engine's random generator (dropout) is reseeded at every epoch, so a
 * resumed run draws what an uninterrupted one would have drawn.
 */
public final class TrainingLoop {

    /** Restarts allowed by {@code --on-plateau restart} before the run just warns. */
    public static final int MAX_RESTARTS = 3;

    private static final String ZERO_GRADIENTS = "Gradient values are all zeros";

    private final TrainingConfig config;
    private final FashionMnist data;
    private final RunDirectory run;
    private final Device device;
    private final TrainingObserver observer;
    private final BooleanSupplier stopRequested;
    private final boolean resume;
    private final LayoutChoice layoutChoice;
    private Manifest manifest;
    private ConvolutionLayout layout;

    private TrainingLoop(Builder builder) {
        this.config = builder.config;
        this.data = builder.data;
        this.run = builder.run;
        this.device = builder.device;
        this.observer = builder.observer;
        this.stopRequested = builder.stopRequested;
        this.resume = builder.resume;
        this.layoutChoice = builder.layoutChoice;
        this.manifest = builder.manifest;
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
     * Checks the engine (see {@link EngineCheck}), then trains, checkpointing every completed
     * epoch.
     *
     * @return how the run ended and its history
     * @throws EngineFaultException when the engine computes the network wrong in every layout;
     *     the manifest then records the verdict and the status {@code refused}
     */
    public TrainingResult run() {
        checkEngine();
        List<Integer> seeds = new ArrayList<>(manifest.seeds());
        List<String> events = new ArrayList<>(manifest.events());
        TrainingHistory history = resume ? run.readHistory() : TrainingHistory.empty();
        boolean fromCheckpoint = resume;
        while (true) {
            int seed = seeds.get(seeds.size() - 1);
            updateManifest("running", null, seeds, events);
            Attempt attempt = new Attempt(seed, history, fromCheckpoint, events);
            TrainingStatus status = attempt.train();
            if (attempt.restartRequested) {
                int next = seed + 1_000_003;
                events.add(
                        "restart: reinitialised with seed " + next + " after epoch "
                                + history.completedEpochs() + " (seed " + seed + " was stuck)");
                seeds.add(next);
                history = TrainingHistory.empty();
                fromCheckpoint = false;
                continue;
            }
            updateManifest(
                    status.name().toLowerCase(java.util.Locale.ROOT),
                    Instant.now().toString(),
                    seeds,
                    events);
            return new TrainingResult(status, history, List.copyOf(events));
        }
    }

    /**
     * Runs the engine check at the run's input size, records its verdict, and refuses to train
     * on an engine that computes this network wrong in every layout.
     */
    private void checkEngine() {
        EngineVerdict verdict =
                EngineCheck.builder()
                        .setArchitecture(config.architecture())
                        .setInputSide(config.resize())
                        .optLayoutChoice(layoutChoice)
                        .optDevice(device)
                        .build()
                        .run();
        observer.onEngineCheck(verdict);
        manifest = manifest.withEngineCheck(verdict);
        if (!verdict.right()) {
            updateManifest("refused", Instant.now().toString(), manifest.seeds(),
                    manifest.events());
            throw new EngineFaultException(verdict);
        }
        layout = verdict.layout();
    }

    private void updateManifest(
            String status, String endedAt, List<Integer> seeds, List<String> events) {
        manifest =
                new Manifest(
                        manifest.config(),
                        manifest.versions(),
                        manifest.machine(),
                        manifest.device(),
                        manifest.threads(),
                        manifest.data(),
                        manifest.startedAt(),
                        endedAt,
                        status,
                        List.copyOf(seeds),
                        List.copyOf(events),
                        manifest.engineCheck());
        run.writeManifest(manifest);
    }

    /** One initialisation's training; a restart starts a new attempt. */
    private final class Attempt {
        private final int seed;
        private final TrainingHistory history;
        private final boolean fromCheckpoint;
        private final List<String> events;
        private final PlateauDetector detector;
        private boolean flagged;
        private boolean restartRequested;

        Attempt(int seed, TrainingHistory history, boolean fromCheckpoint, List<String> events) {
            this.seed = seed;
            this.history = history;
            this.fromCheckpoint = fromCheckpoint;
            this.events = events;
            this.detector = new PlateauDetector(config.architecture().classes());
        }

        TrainingStatus train() {
            NinArchitecture architecture = config.architecture();
            try (Model model = Model.newInstance("nin", device, "PyTorch")) {
                NinNetwork network = architecture.newNetwork();
                network.setConvolutionLayout(layout);
                model.setBlock(network.getBlock());
                Engine.getInstance().setRandomSeed(seed);
                network.initialize(
                        model.getNDManager(),
                        new Shape(1, architecture.inputChannels(), config.resize(),
                                config.resize()));
                // Loaded before the trainer exists: DJL's Trainer.initialize caches the parameter
                // arrays in its ParameterStore, and a later load would replace arrays it no
                // longer looks at.
                if (fromCheckpoint) {
                    run.loadParameters(model.getBlock(), model.getNDManager());
                }
                try (Trainer trainer = model.newTrainer(
                                SeedTrainerConfig.of(config.learningRate(), device));
                        BatchLoader train = loader(trainer, data.train(), true);
                        BatchLoader test = loader(trainer, data.test(), false)) {
                    return epochs(trainer, train, test);
                }
            }
        }

        private BatchLoader loader(Trainer trainer, ImageSet images, boolean shuffle) {
            ImageSet slice = config.limit() > 0 ? images.limit(config.limit()) : images;
            return BatchLoader.builder()
                    .setImages(slice)
                    .setManager(trainer.getManager())
                    .optBatchSize(config.batchSize())
                    .optResize(config.resize())
                    .optShuffle(shuffle)
                    .optSeed(seed)
                    .optDevice(device)
                    .build();
        }

        private TrainingStatus epochs(Trainer trainer, BatchLoader train, BatchLoader test) {
            Estimator estimator =
                    new Estimator(
                            train.batchesPerEpoch(),
                            test.batchesPerEpoch(),
                            config.epochs() - history.completedEpochs());
            for (int epoch = history.completedEpochs() + 1; epoch <= config.epochs(); epoch++) {
                // Reseeding per epoch makes dropout's draws a function of (seed, epoch), so a
                // resumed run matches an uninterrupted one.
                Engine.getInstance().setRandomSeed(seed + epoch);
                observer.onEpochStart(epoch, train.batchesPerEpoch());
                EpochAccumulator accumulator = new EpochAccumulator();
                List<ProgressPoint> points = new ArrayList<>();
                int batches = train.batchesPerEpoch();
                int pointEvery = Math.max(1, batches / 5);
                long start = System.nanoTime();
                Iterator<Batch> iterator = train.epoch(epoch);
                for (int i = 1; iterator.hasNext(); i++) {
                    double loss;
                    try (Batch batch = iterator.next()) {
                        loss = step(trainer, batch, accumulator);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    estimator.batchDone(i, seconds).ifPresent(
                            e -> observer.onEstimate(e, estimator.perBatch()));
                    observer.onBatch(epoch, i, accumulator, accumulator.examples() / seconds);
                    Optional<PlateauDetector.Diagnosis> diagnosis =
                            detector.checkLoss(epoch, i, loss);
                    if (i % pointEvery == 0 || i == batches) {
                        ProgressPoint point =
                                new ProgressPoint(
                                        epoch - 1 + (double) i / batches,
                                        accumulator.loss(),
                                        accumulator.accuracy());
                        points.add(point);
                        diagnosis = diagnosis.or(() -> detector.observe(point));
                    }
                    if (diagnosis.isPresent() && act(diagnosis.get())) {
                        return TrainingStatus.STOPPED;
                    }
                    if (stopRequested.getAsBoolean()) {
                        return TrainingStatus.INTERRUPTED;
                    }
                }
                double trainSeconds = (System.nanoTime() - start) / 1e9;
                observer.onEvaluating();
                long evalStart = System.nanoTime();
                TestSetEvaluation evaluation =
                        TestSetEvaluation.run(
                                test.epoch(epoch),
                                config.architecture().classes(),
                                images -> trainer.evaluate(images).singletonOrThrow());
                double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
                List<Integer> neverPredicted = evaluation.neverPredicted();
                if (!neverPredicted.isEmpty()
                        && neverPredicted.size() < config.architecture().classes()) {
                    events.add("epoch " + epoch + ": classes never predicted on the test set "
                            + neverPredicted + " (their outputs may have died)");
                    observer.onClassesNeverPredicted(epoch, neverPredicted);
                }
                EpochMetrics metrics =
                        new EpochMetrics(
                                epoch,
                                accumulator.loss(),
                                accumulator.accuracy(),
                                evaluation.accuracy(),
                                accumulator.examples() / trainSeconds,
                                trainSeconds,
                                evalSeconds);
                history.addEpoch(points, metrics);
                run.saveEpoch(trainer.getModel().getBlock(), history);
                observer.onEpoch(metrics, history);
                if (stopRequested.getAsBoolean()) {
                    return epoch == config.epochs()
                            ? TrainingStatus.COMPLETED
                            : TrainingStatus.INTERRUPTED;
                }
            }
            return TrainingStatus.COMPLETED;
        }

        /** Acts on a diagnosis; true when training must stop now. */
        private boolean act(PlateauDetector.Diagnosis diagnosis) {
            if (flagged) {
                return false;
            }
            flagged = true;
            OnPlateau action = config.onPlateau();
            int restarts = (int) events.stream().filter(e -> e.startsWith("restart")).count();
            if (action == OnPlateau.RESTART && restarts >= MAX_RESTARTS) {
                action = OnPlateau.WARN;
            }
            events.add(
                    diagnosis.kind().name().toLowerCase(java.util.Locale.ROOT)
                            + " (seed "
                            + seed
                            + ", action "
                            + action.name().toLowerCase(java.util.Locale.ROOT)
                            + "): "
                            + diagnosis.explanation());
            observer.onDiagnosis(diagnosis, action);
            switch (action) {
                case RESTART -> {
                    restartRequested = true;
                    return true;
                }
                case STOP -> {
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }

        /** One SGD step on a batch; returns the batch's mean loss. */
        private double step(Trainer trainer, Batch batch, EpochAccumulator accumulator) {
            NDArray labels = batch.getLabels().singletonOrThrow();
            NDArray logits;
            NDArray loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                logits = trainer.forward(batch.getData()).singletonOrThrow();
                loss = trainer.getLoss().evaluate(batch.getLabels(), new ai.djl.ndarray.NDList(logits));
                collector.backward(loss);
            }
            try {
                trainer.step();
            } catch (IllegalStateException e) {
                // DJL refuses a first step whose gradients are all zero. That is the dead network
                // the plateau detector reports; an SGD step on zero gradients changes nothing, so
                // skipping it is exactly the update PyTorch would make.
                if (e.getMessage() == null || !e.getMessage().startsWith(ZERO_GRADIENTS)) {
                    throw e;
                }
            }
            long correct = logits.argMax(1).eq(labels).countNonzero().getLong();
            double value = loss.getFloat();
            accumulator.add(value, correct, labels.getShape().get(0));
            return value;
        }
    }

    /** Builds a {@link TrainingLoop}; configuration, data, run directory and manifest are required. */
    public static final class Builder {
        private TrainingConfig config;
        private FashionMnist data;
        private RunDirectory run;
        private Manifest manifest;
        private Device device = Device.cpu();
        private TrainingObserver observer = new TrainingObserver() {};
        private BooleanSupplier stopRequested = () -> false;
        private boolean resume;
        private LayoutChoice layoutChoice = LayoutChoice.AUTO;

        private Builder() {}

        /**
         * Sets the recipe.
         *
         * @param config the training configuration
         * @return this builder
         */
        public Builder setConfig(TrainingConfig config) {
            this.config = config;
            return this;
        }

        /**
         * Sets the data.
         *
         * @param data Fashion-MNIST, both splits
         * @return this builder
         */
        public Builder setData(FashionMnist data) {
            this.data = data;
            return this;
        }

        /**
         * Sets where checkpoints, history and manifest go.
         *
         * @param run the run directory
         * @return this builder
         */
        public Builder setRunDirectory(RunDirectory run) {
            this.run = run;
            return this;
        }

        /**
         * Sets the manifest the run starts from; the loop keeps its status, seeds and events up
         * to date.
         *
         * @param manifest the initial manifest, whose seeds list at least the configured seed
         * @return this builder
         */
        public Builder setManifest(Manifest manifest) {
            this.manifest = manifest;
            return this;
        }

        /**
         * Sets the device (default CPU).
         *
         * @param device the device
         * @return this builder
         */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /**
         * Sets who sees the progress (default nobody).
         *
         * @param observer the observer
         * @return this builder
         */
        public Builder optObserver(TrainingObserver observer) {
            this.observer = observer;
            return this;
        }

        /**
         * Sets the signal that stops training after the current batch (default never).
         *
         * @param stopRequested true once the user asked to stop
         * @return this builder
         */
        public Builder optStopSignal(BooleanSupplier stopRequested) {
            this.stopRequested = stopRequested;
            return this;
        }

        /**
         * Continues from the run directory's last completed epoch (default false).
         *
         * @param resume whether to resume
         * @return this builder
         */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /**
         * Sets how the convolutions' memory layout is chosen (default {@link LayoutChoice#AUTO}:
         * NCHW when the engine check finds it right on this machine, else channels-last).
         *
         * @param layoutChoice the choice
         * @return this builder
         */
        public Builder optLayoutChoice(LayoutChoice layoutChoice) {
            this.layoutChoice = layoutChoice;
            return this;
        }

        /**
         * Builds the loop.
         *
         * @return the loop
         */
        public TrainingLoop build() {
            if (config == null || data == null || run == null || manifest == null) {
                throw new IllegalStateException(
                        "config, data, run directory and manifest are required");
            }
            if (manifest.seeds() == null || manifest.seeds().isEmpty()) {
                throw new IllegalStateException("the manifest must list the configured seed");
            }
            return new TrainingLoop(this);
        }
    }

    /** Estimates the remaining run time from the first batches of this process. */
    private static final class Estimator {
        private static final int MEASURED_BATCH = 3;
        private final int trainBatches;
        private final int testBatches;
        private final int epochs;
        private double firstBatchSeconds;
        private double perBatch;
        private boolean done;

        Estimator(int trainBatches, int testBatches, int epochs) {
            this.trainBatches = trainBatches;
            this.testBatches = testBatches;
            this.epochs = epochs;
        }

        Optional<Duration> batchDone(int batch, double elapsedSeconds) {
            if (done) {
                return Optional.empty();
            }
            if (batch == 1) {
                firstBatchSeconds = elapsedSeconds;
            }
            // The first batch pays for warm-up, so the rate is taken over the batches after it.
            if (batch < MEASURED_BATCH && batch < trainBatches) {
                return Optional.empty();
            }
            done = true;
            perBatch =
                    batch == 1
                            ? elapsedSeconds
                            : (elapsedSeconds - firstBatchSeconds) / (batch - 1);
            // Evaluation is a forward pass only, about a third of a training step.
            double perEpoch = perBatch * trainBatches + perBatch / 3 * testBatches;
            double remaining = perEpoch * epochs - elapsedSeconds;
            return Optional.of(Duration.ofMillis((long) (Math.max(0, remaining) * 1000)));
        }

        double perBatch() {
            return perBatch;
        }
    }
}
