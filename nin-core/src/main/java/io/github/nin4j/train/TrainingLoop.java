package io.github.nin4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.InvalidValueException;
import io.github.nin4j.compute.ComputeChoice;
import io.github.nin4j.compute.ComputePlan;
import io.github.nin4j.compute.NinModel;
import io.github.nin4j.data.BatchLoader;
import io.github.nin4j.data.ImageDataset;
import io.github.nin4j.data.ImageSet;
import io.github.nin4j.data.Preprocessing;
import io.github.nin4j.engine.EngineFaultException;
import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.machine.Environment;
import io.github.nin4j.machine.MemoryAllocator;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.precision.PrecisionChoice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * d2l's {@code train_ch6} for NiN (Dive into Deep Learning, section "Network in Network"): plain
 * SGD on softmax cross-entropy, the training set shuffled every epoch, metrics with d2l's
 * definitions, and the test set evaluated after each epoch in evaluation mode. That is all the loop
 * does; everything else a run does is a {@link RunListener}'s job, and the loop adds none of its
 * own. As with DJL's {@code TrainingListener.Defaults}, the set that writes a run directory as
 * {@code nin train} does (manifest, checkpoints, curves, plateau and dead-class watches, time
 * estimate) is opt-in: {@code addListeners(RunListeners.standard(run))} from package {@code
 * io.github.nin4j.train.listener}. Without it nothing is written, and a later resume has nothing to
 * continue from.
 *
 * <p>A run ends early only through the {@link RunControl} its listeners are given; to stop it from
 * another thread, e.g. on Ctrl-C, add {@code io.github.nin4j.train.listener.StopSignal}.
 *
 * <p>Before the first epoch the engine is checked at the run's input size (see {@link
 * io.github.nin4j.engine.EngineCheck}). A resumed run continues from the run directory's last
 * completed epoch, with its stored seeds and events, or from the batch where the next epoch was
 * interrupted when a {@link BatchCheckpoint} of it was saved: a run interrupted inside an epoch
 * hands its listeners the epoch so far ({@link RunListener#onInterrupted}).
 *
 * <p>Reproducibility: initialisation uses the run's seed, the shuffled order and the augmentation
 * are functions of (seed, epoch), and the engine's random generator (dropout) is reseeded at every
 * epoch, so a resumed run draws what an uninterrupted one would have drawn; an epoch resumed after
 * some batches first replays their dropout draws ({@link NinModel#drawAsTraining}). Its history and
 * parameters end as an uninterrupted run's, bit for bit.
 */
public final class TrainingLoop {

    /** A restart's new seed is the old one plus this, so restarted runs never share a seed. */
    static final int RESTART_SEED_STEP = 1_000_003;

    /** The key of the class names in the manifest's data provenance. */
    public static final String CLASS_NAMES = "class_names";

    private static final String ZERO_GRADIENTS = "Gradient values are all zeros";

    private final TrainingConfig config;
    private final ImageDataset data;
    private final RunDirectory run;
    private final ComputeChoice compute;
    private final List<RunListener> listeners;
    private final boolean resume;
    private final int candidates;
    private final List<RunEvent> events = new ArrayList<>();

    private TrainingLoop(Builder builder) {
        this.config = builder.config;
        this.data = builder.data;
        this.run = builder.run;
        this.compute = builder.compute;
        this.listeners = List.copyOf(builder.listeners);
        this.resume = builder.resume;
        this.candidates = builder.candidates;
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
     * Checks the engine, then trains, telling the listeners as it goes.
     *
     * @return how the run ended, its history and its events
     * @throws EngineFaultException when the engine computes the network wrong in every layout; the
     *     listeners hear of it first (the standard ones record the verdict and the status {@code
     *     refused} in the manifest)
     */
    public TrainingResult run() {
        ResumePolicy.Resumption resumption =
                resume
                        ? ResumePolicy.library()
                                .decide(
                                        run.root(),
                                        config,
                                        TrainingConfig.SETTINGS,
                                        this.compute.precision())
                        : null;
        boolean resuming = resume && resumption.state() != ResumePolicy.State.NEW;
        if (resume && !resuming && resumption.manifest() != null) {
            // Computed nothing, in another precision: it starts afresh.
            run.discardUnfinished();
        }
        ComputeChoice compute =
                resuming ? this.compute.withPrecision(resumption.precision()) : this.compute;
        Manifest manifest =
                resuming
                        ? resumption.manifest().resumed(config, compute.device().toString())
                        : Manifest.begin(
                                config, dataProvenance(), compute.device().toString(), candidates);
        events.addAll(manifest.events());
        int seed = manifest.currentSeed();
        // A run killed at any moment resumes: from the current seed's last checkpoint, or from
        // that seed's start when it has none (killed before its first epoch, or just after a
        // restart).
        RunDirectory.ResumePoint from =
                resuming
                        ? run.resumePoint(seed)
                        : new RunDirectory.ResumePoint(TrainingHistory.empty(), false);
        TrainingHistory history = from.history();
        BatchCheckpoint.Saved partial = from.partial();
        if (partial != null) {
            requireFits(partial.progress());
        }
        RunStart start =
                new RunStart(
                        config,
                        run,
                        manifest,
                        history.completedEpochs(),
                        batches(data.train()),
                        batches(data.test()),
                        history,
                        partial == null ? null : partial.progress());
        listeners.forEach(l -> l.onRunStart(start));
        if (resuming) {
            publish(
                    new RunEvent.Resumed(
                            Instant.now().toString(),
                            history.completedEpochs(),
                            Environment.machine(),
                            Environment.versions(),
                            partial == null ? null : partial.progress().batch()));
        }
        EngineVerdict verdict = compute.check(config.architecture(), config.resize());
        listeners.forEach(l -> l.onEngineCheck(verdict));
        if (!verdict.right()) {
            end(new TrainingResult(TrainingStatus.REFUSED, history, events));
            throw new EngineFaultException(verdict);
        }
        ComputePlan plan = ComputePlan.of(verdict, compute.device());
        // Training starts: a program that embeds the library learns here if it runs slow.
        MemoryAllocator.noticeOnce();
        // Killed after a restart was decided and before it was recorded: it happens now, as it
        // would have (after the epochs the checkpoint holds).
        boolean restart = resuming && manifest.restartPending();
        List<Integer> tried = new ArrayList<>(manifest.trainedSeeds());
        RunEvent.Screened screened = manifest.screeningEvent().orElse(null);
        // A resumed run screens as it started: a kill before its first epoch was saved changes
        // nothing of what it trains.
        int screening = manifest.screeningCandidates();
        if (screened == null
                && screening > 1
                && tried.size() == 1
                && !restart
                && history.completedEpochs() == 0
                && partial == null) {
            screened = screen(plan, seed, screening);
            publish(screened);
            seed = screened.chosen();
            tried = new ArrayList<>(List.of(seed));
        }
        List<Integer> ranking = screened == null ? List.of() : screened.ranking();
        while (true) {
            if (restart) {
                int next = SeedScreening.next(ranking, tried);
                tried.add(next);
                publish(new RunEvent.Restarted(seed, next, from.completedEpochs()));
                seed = next;
                from = new RunDirectory.ResumePoint(TrainingHistory.empty(), false);
            }
            Attempt attempt = new Attempt(seed, from, plan);
            TrainingStatus status = attempt.train();
            restart = attempt.control.restartRequested();
            if (!restart) {
                return end(new TrainingResult(status, from.history(), events, attempt.interrupted));
            }
        }
    }

    /** Measures the candidate initialisations on the first training images of the run's slice. */
    private RunEvent.Screened screen(ComputePlan plan, int seed, int candidates) {
        ImageSet train = slice(data.train());
        InitialisationProbe probe =
                new InitialisationProbe(config.architecture(), plan, preprocessing(), train);
        int images = Math.max(2, Math.min(SeedScreening.IMAGES, train.size()));
        // A pass on more images than a batch must fit in memory too, else a batch's worth is used.
        if (images > config.batchSize()
                && TrainingMemory.stepBytes(config.architecture(), config.resize(), images)
                        > TrainingMemory.availableBytes()) {
            images = Math.max(2, config.batchSize());
        }
        return SeedScreening.screen(probe, seed, candidates, images);
    }

    private TrainingResult end(TrainingResult result) {
        listeners.forEach(l -> l.onRunEnd(result));
        return result;
    }

    private void publish(RunEvent event) {
        events.add(event);
        listeners.forEach(l -> l.onEvent(event));
    }

    /** The data's provenance, with its class names, which evaluation and prediction show. */
    private Map<String, Object> dataProvenance() {
        Map<String, Object> provenance = new LinkedHashMap<>(data.provenance());
        provenance.put(CLASS_NAMES, data.classNames());
        return provenance;
    }

    /** Batches per epoch over a split: the last partial batch is kept, as d2l's loader does. */
    private int batches(ImageSet images) {
        return (examples(images) + config.batchSize() - 1) / config.batchSize();
    }

    /** Examples per epoch over a split. */
    private int examples(ImageSet images) {
        return slice(images).size();
    }

    /** The run's slice of a split: its first {@code limit} examples, or all of them. */
    private ImageSet slice(ImageSet images) {
        return config.limit() > 0 ? images.limit(config.limit()) : images;
    }

    /** How the run's images become the network's input, for training. */
    private Preprocessing preprocessing() {
        return Preprocessing.of(data.provenance(), config.resize());
    }

    /**
     * Refuses an interrupted epoch that does not fit the run's epochs: stopped after a batch beyond
     * them, or holding other examples than their first batches.
     */
    private void requireFits(PartialEpoch progress) {
        long examples =
                Math.min((long) progress.batch() * config.batchSize(), examples(data.train()));
        if (progress.batch() > batches(data.train()) || progress.examples() != examples) {
            throw new InvalidInputException(
                    ("run directory %s is corrupt: %s holds %s examples in %s batches, which the"
                                    + " run's epochs of %s batches do not; delete it to resume"
                                    + " from the start of epoch %s")
                            .formatted(
                                    run.root(),
                                    BatchCheckpoint.FILE,
                                    progress.examples(),
                                    progress.batch(),
                                    batches(data.train()),
                                    progress.epoch()));
        }
    }

    /** The interrupted epoch's training time, for the epoch's examples per second. */
    private static long nanos(PartialEpoch resumed) {
        double seconds = resumed.trainSeconds();
        return Double.isFinite(seconds) && seconds > 0 ? (long) (seconds * 1e9) : 0;
    }

    /** One initialisation's training; a restart starts a new attempt. */
    private final class Attempt {
        private final int seed;
        private final RunDirectory.ResumePoint from;
        private final ComputePlan plan;
        private final RunControl control = new RunControl(TrainingLoop.this::publish);
        private PartialEpoch interrupted;

        Attempt(int seed, RunDirectory.ResumePoint from, ComputePlan plan) {
            this.seed = seed;
            this.from = from;
            this.plan = plan;
        }

        TrainingStatus train() {
            NinModel.Builder builder =
                    TrainedModel.builder(config.architecture(), config.resize(), plan)
                            .optSeed(seed);
            if (from.partial() != null) {
                builder.optParameters(new BatchCheckpoint(run).parameters(from.partial()));
            } else if (from.fromCheckpoint()) {
                builder.optParameters(run.checkpointParameters());
            }
            try (NinModel nin = builder.build();
                    Trainer trainer =
                            nin.model()
                                    .newTrainer(
                                            SeedTrainerConfig.of(
                                                    config.learningRate(), plan.device()));
                    BatchLoader train = loader(trainer, data.train(), true);
                    BatchLoader test = loader(trainer, data.test(), false)) {
                return epochs(nin, trainer, train, test);
            }
        }

        private BatchLoader loader(Trainer trainer, ImageSet images, boolean shuffle) {
            Preprocessing preprocessing = preprocessing();
            return BatchLoader.builder()
                    .setImages(slice(images))
                    .setManager(trainer.getManager())
                    .optBatchSize(config.batchSize())
                    .optPreprocessing(shuffle ? preprocessing : preprocessing.forEvaluation())
                    .optShuffle(shuffle)
                    .optSeed(seed)
                    .optDevice(plan.device())
                    .build();
        }

        private TrainingStatus epochs(
                NinModel nin, Trainer trainer, BatchLoader train, BatchLoader test) {
            TrainingHistory history = from.history();
            for (int epoch = history.completedEpochs() + 1; epoch <= config.epochs(); epoch++) {
                // Reseeding per epoch makes dropout's draws a function of (seed, epoch), so a
                // resumed run matches an uninterrupted one.
                Engine.getInstance().setRandomSeed(seed + epoch);
                int batches = train.batchesPerEpoch();
                // An epoch interrupted after some batches continues after them, its generator
                // advanced past their dropout masks.
                PartialEpoch resumed =
                        from.partial() != null && from.partial().progress().epoch() == epoch
                                ? from.partial().progress()
                                : null;
                int done = resumed == null ? 0 : resumed.batch();
                for (int b = 0; b < done; b++) {
                    nin.drawAsTraining(train.batchSize(b));
                }
                int currentEpoch = epoch;
                listeners.forEach(l -> l.onEpochStart(currentEpoch, batches));
                EpochAccumulator accumulator =
                        resumed == null ? new EpochAccumulator() : EpochAccumulator.of(resumed);
                List<ProgressPoint> points =
                        resumed == null ? new ArrayList<>() : new ArrayList<>(resumed.points());
                // d2l's Animator: a point every num_batches // 5 batches and at the last.
                int pointEvery = Math.max(1, batches / 5);
                long start = System.nanoTime() - (resumed == null ? 0 : nanos(resumed));
                Iterator<Batch> iterator = train.epoch(epoch, done);
                for (int i = done + 1; iterator.hasNext(); i++) {
                    double loss;
                    try (Batch batch = iterator.next()) {
                        loss = step(trainer, batch, accumulator);
                    }
                    ProgressPoint point = null;
                    if (i % pointEvery == 0 || i == batches) {
                        point =
                                new ProgressPoint(
                                        epoch - 1 + (double) i / batches,
                                        accumulator.loss(),
                                        accumulator.accuracy());
                        points.add(point);
                    }
                    BatchProgress progress =
                            new BatchProgress(
                                    seed,
                                    epoch,
                                    i,
                                    batches,
                                    loss,
                                    accumulator,
                                    point,
                                    (System.nanoTime() - start) / 1e9);
                    listeners.forEach(l -> l.onBatch(progress, control));
                    if (control.restartRequested() || control.stopRequested()) {
                        return TrainingStatus.STOPPED;
                    }
                    if (control.interruptRequested()) {
                        interrupted =
                                accumulator.sofar(
                                        seed, epoch, i, points, (System.nanoTime() - start) / 1e9);
                        listeners.forEach(l -> l.onInterrupted(interrupted, trainer.getModel()));
                        return TrainingStatus.INTERRUPTED;
                    }
                }
                double trainSeconds = (System.nanoTime() - start) / 1e9;
                listeners.forEach(l -> l.onEvaluating(currentEpoch));
                long evalStart = System.nanoTime();
                TestSetEvaluation evaluation =
                        TestSetEvaluation.run(
                                test.epoch(epoch),
                                config.architecture().classes(),
                                images -> trainer.evaluate(images).singletonOrThrow());
                EpochMetrics metrics =
                        new EpochMetrics(
                                epoch,
                                accumulator.loss(),
                                accumulator.accuracy(),
                                evaluation.accuracy(),
                                accumulator.examples() / trainSeconds,
                                trainSeconds,
                                (System.nanoTime() - evalStart) / 1e9);
                history.addEpoch(points, metrics);
                EpochResult result =
                        new EpochResult(
                                seed,
                                metrics,
                                evaluation,
                                history,
                                trainer.getModel(),
                                config.epochs());
                listeners.forEach(l -> l.onEpoch(result, control));
                if (control.restartRequested() || control.stopRequested()) {
                    return TrainingStatus.STOPPED;
                }
                // An interruption after the last epoch came too late to cut anything short.
                if (control.interruptRequested()) {
                    return epoch == config.epochs()
                            ? TrainingStatus.COMPLETED
                            : TrainingStatus.INTERRUPTED;
                }
            }
            return TrainingStatus.COMPLETED;
        }

        /** One SGD step on a batch; returns the batch's mean loss. */
        private double step(Trainer trainer, Batch batch, EpochAccumulator accumulator) {
            NDArray labels = batch.getLabels().singletonOrThrow();
            NDArray logits;
            NDArray loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                logits = trainer.forward(batch.getData()).singletonOrThrow();
                loss = trainer.getLoss().evaluate(batch.getLabels(), new NDList(logits));
                collector.backward(loss);
            }
            try {
                trainer.step();
            } catch (IllegalStateException e) {
                // DJL refuses a first step whose gradients are all zero. That is the dead network
                // the plateau watch reports; an SGD step on zero gradients changes nothing, so
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

    /** Builds a {@link TrainingLoop}; configuration, data and run directory are required. */
    public static final class Builder {
        private TrainingConfig config;
        private ImageDataset data;
        private RunDirectory run;
        private ComputeChoice compute = ComputeChoice.defaults();
        private final List<RunListener> listeners = new ArrayList<>();
        private boolean resume;
        private int candidates = 1;

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
         * Sets the data: Fashion-MNIST, a folder of images, or any other {@link ImageDataset}.
         *
         * @param data both splits, whose channels and classes the network must have
         * @return this builder
         */
        public Builder setData(ImageDataset data) {
            this.data = data;
            return this;
        }

        /**
         * Sets the run directory: where a resumed run is read from, and where the listeners that
         * write (see {@code RunListeners.standard}) put the manifest, checkpoints, history and
         * curves.
         *
         * @param run the run directory
         * @return this builder
         */
        public Builder setRunDirectory(RunDirectory run) {
            this.run = run;
            return this;
        }

        /**
         * Sets the device and how the layout and precision are chosen (default {@link
         * ComputeChoice#defaults()}: the CPU, the layout the engine check finds right, float32).
         * The engine check runs at the run's input size before the first epoch; parameters,
         * checkpoints and exports are float32 in every precision.
         *
         * @param compute the choice
         * @return this builder
         */
        public Builder optCompute(ComputeChoice compute) {
            this.compute = compute;
            return this;
        }

        /**
         * Adds listeners, called after those added before, in the order given. None are added by
         * default.
         *
         * @param more the listeners
         * @return this builder
         */
        public Builder addListeners(RunListener... more) {
            return addListeners(List.of(more));
        }

        /**
         * Adds listeners, called after those added before, in the order given: e.g. {@code
         * RunListeners.standard(run)}, the set that writes a run directory as {@code nin train}
         * does.
         *
         * @param more the listeners
         * @return this builder
         */
        public Builder addListeners(List<? extends RunListener> more) {
            listeners.addAll(more);
            return this;
        }

        /**
         * Continues from the run directory's last completed epoch (default false), with its stored
         * seeds and events, as {@link ResumePolicy} decides: the configuration given must be the
         * run's (the number of epochs may grow), and the run keeps the precision its epochs were
         * computed in ({@link PrecisionChoice#AUTO} takes it, the other precision is refused with
         * an {@link InvalidInputException}).
         *
         * @param resume whether to resume
         * @return this builder
         */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /**
         * Screens this many initialisations before the first step and trains the most promising
         * ({@link SeedScreening}); default 1, the seed's own: the run trains its configured seed.
         * The number, the candidates and the choice are recorded in the manifest; a resumed run
         * screens as it started, whatever this says.
         *
         * @param candidates from 1 to {@value SeedScreening#MAX_CANDIDATES}
         * @return this builder
         */
        public Builder optScreening(int candidates) {
            this.candidates = candidates;
            return this;
        }

        /**
         * Builds the loop.
         *
         * @return the loop
         */
        public TrainingLoop build() {
            if (config == null || data == null || run == null) {
                throw new IllegalStateException("config, data and run directory are required");
            }
            if (candidates < 1 || candidates > SeedScreening.MAX_CANDIDATES) {
                throw new InvalidValueException(
                        "screening",
                        "must be 1 (the seed's own initialisation) to %s candidates, got %s"
                                .formatted(SeedScreening.MAX_CANDIDATES, candidates));
            }
            NinArchitecture network = config.architecture();
            if (network.inputChannels() != data.channels()
                    || network.classes() != data.classNames().size()) {
                throw new InvalidInputException(
                        String.format(
                                "the network takes %d-channel images in %d classes, but the data (%s) has"
                                        + " %d-channel images in %d classes; build the network for the"
                                        + " data",
                                network.inputChannels(),
                                network.classes(),
                                data.description(),
                                data.channels(),
                                data.classNames().size()));
            }
            return new TrainingLoop(this);
        }
    }
}
