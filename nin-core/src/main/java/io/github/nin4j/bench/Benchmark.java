package io.github.nin4j.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.compute.ComputeChoice;
import io.github.nin4j.compute.ComputePlan;
import io.github.nin4j.compute.NinModel;
import io.github.nin4j.data.BatchLoader;
import io.github.nin4j.engine.EngineFaultException;
import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.engine.LayoutTrial;
import io.github.nin4j.machine.Environment;
import io.github.nin4j.model.MultiplyAddCounter;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.precision.Precision;
import io.github.nin4j.train.SeedTrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The benchmark behind {@code nin bench}: examples per second of training steps, inference and the
 * data pipeline, each step split into data wait, forward, backward and update; achieved GFLOP/s
 * against the engine's practical peak; optionally one training step through the engine's profiler.
 * Summaries are over repetitions (median, min, max).
 *
 * <pre>{@code
 * BenchmarkResult result =
 *         Benchmark.builder().setArchitecture(NinArchitecture.seed()).optResize(96).build().run();
 * double perSecond = result.mode(Benchmark.Mode.TRAIN).orElseThrow().examplesPerSec().median();
 * }</pre>
 *
 * <p>The engine is checked first, at the benchmark's input, and a wrong engine is refused as
 * training refuses it ({@link EngineFaultException}), unless the caller forced a layout or bf16: a
 * benchmark reports no result of its steps, so a forced workaround is timed even where it computes
 * wrong numbers, to see what it costs. Nothing is printed; a {@link BenchmarkListener} hears each
 * part as it completes.
 */
public final class Benchmark {

    /** What to time. */
    public enum Mode {
        /** Training steps: forward, loss, backward and the SGD update. */
        TRAIN,
        /** Forward passes in evaluation mode. */
        INFER,
        /** The batch pipeline alone: images to resized batches. */
        DATA;

        /**
         * The mode's name in results and on the console.
         *
         * @return {@code train}, {@code infer} or {@code data}
         */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final NinArchitecture architecture;
    private final int resize;
    private final int batchSize;
    private final int steps;
    private final int warmup;
    private final int repeat;
    private final Set<Mode> modes;
    private final ComputeChoice compute;
    private final BenchmarkImages images;
    private final Path profile;
    private final int profileTop;
    private final BenchmarkListener listener;

    private Benchmark(Builder builder) {
        architecture = builder.architecture;
        resize = builder.resize;
        batchSize = builder.batchSize;
        steps = builder.steps;
        warmup = builder.warmup;
        repeat = builder.repeat;
        modes = EnumSet.copyOf(builder.modes);
        compute = builder.compute;
        images =
                builder.images != null
                        ? builder.images
                        : BenchmarkImages.random(batchSize, "random 28x28 images, one batch");
        profile = builder.profile;
        profileTop = builder.profileTop;
        listener = builder.listener;
    }

    /**
     * Starts a builder.
     *
     * @return a builder; {@link Builder#setArchitecture} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks the engine, then times each mode and, if asked, profiles one training step.
     *
     * @return what was measured
     * @throws EngineFaultException when the engine computes the network wrong and no layout or bf16
     *     was forced
     * @throws UncheckedIOException when the profile cannot be written
     */
    public BenchmarkResult run() {
        EngineVerdict verdict = compute.check(architecture, resize);
        if (!verdict.right() && !compute.forced()) {
            throw new EngineFaultException(verdict);
        }
        Device device = compute.device();
        ComputePlan plan = ComputePlan.lastTried(verdict, device);
        LayoutTrial timed = verdict.trials().get(verdict.trials().size() - 1);
        listener.onStart(verdict, timed);

        Map<String, BenchmarkResult.ModeResult> rows = new LinkedHashMap<>();
        Summary peak;
        Summary peakBf16 = null;
        BenchmarkResult.Profile profiled = null;
        Shape input = new Shape(batchSize, architecture.inputChannels(), resize, resize);
        try (NinModel nin =
                NinModel.builder()
                        .setArchitecture(architecture)
                        .setInputShape(input)
                        .setPlan(plan)
                        .optSeed(1)
                        .optName("nin-bench")
                        .build()) {
            Model model = nin.model();
            try (Trainer trainer = model.newTrainer(SeedTrainerConfig.of(0.1, device));
                    BatchLoader loader =
                            BatchLoader.builder()
                                    .setImages(images.images())
                                    .setManager(model.getNDManager())
                                    .optBatchSize(batchSize)
                                    .optResize(resize)
                                    .optShuffle(true)
                                    .optSeed(1)
                                    .optDevice(device)
                                    .build()) {
                double forwardFlops = 2.0 * new MultiplyAddCounter().count(model.getBlock(), input);
                peak = ConvolutionPeak.measure(model.getNDManager(), batchSize, repeat);
                if (timed.precision() == Precision.BF16) {
                    peakBf16 = ConvolutionPeak.measureBf16(model.getNDManager(), batchSize, repeat);
                }
                listener.onPeak(peak, peakBf16);
                // A step is measured against the peak of the precision it computes in.
                double stepPeak = (peakBf16 != null ? peakBf16 : peak).median();
                StepBenchmark bench = new StepBenchmark(trainer);
                int[] epoch = {0};
                Supplier<Iterator<Batch>> batches = () -> loader.epoch(++epoch[0]);
                for (Mode m : modes) {
                    Function<Integer, StepTimes> run =
                            switch (m) {
                                case TRAIN -> n -> bench.train(batches, n);
                                case INFER -> n -> bench.infer(batches, n);
                                case DATA -> n -> StepBenchmark.data(batches, n);
                            };
                    double flopsPerStep =
                            switch (m) {
                                case TRAIN -> 3 * forwardFlops;
                                case INFER -> forwardFlops;
                                case DATA -> 0;
                            };
                    if (warmup > 0) {
                        run.apply(warmup);
                    }
                    List<StepTimes> reps = new ArrayList<>();
                    for (int r = 0; r < repeat; r++) {
                        reps.add(run.apply(steps));
                    }
                    BenchmarkResult.ModeResult row =
                            BenchmarkResult.ModeResult.of(
                                    m, reps, batchSize, flopsPerStep, stepPeak);
                    rows.put(m.key(), row);
                    listener.onMode(row);
                }
                if (profile != null) {
                    if (!modes.contains(Mode.TRAIN)) {
                        // The profiled step must not be the first: that one pays for allocation.
                        bench.train(batches, 1);
                    }
                    profiled = profile(bench, batches);
                    listener.onProfile(profiled);
                }
            }
        }
        return new BenchmarkResult(
                "nin",
                Environment.versions(),
                Environment.machine(),
                Environment.threads(),
                resize,
                batchSize,
                steps,
                warmup,
                repeat,
                images.real() ? "real" : "random",
                timed.precision().label(),
                verdict,
                peak,
                peakBf16,
                rows,
                profiled,
                PeakMemory.bytes());
    }

    private BenchmarkResult.Profile profile(
            StepBenchmark bench, Supplier<Iterator<Batch>> batches) {
        EngineProfile recorded;
        try {
            recorded = EngineProfile.record(profile, () -> bench.train(batches, 1));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the profile to " + profile, e);
        }
        return new BenchmarkResult.Profile(
                profile,
                recorded.totalMilliseconds(),
                recorded.operators().stream().limit(profileTop).toList());
    }

    /** Builds a {@link Benchmark}; {@link #build()} checks the values. */
    public static final class Builder {
        private NinArchitecture architecture;
        private int resize = 224;
        private int batchSize = 128;
        private int steps = 5;
        private int warmup = 1;
        private int repeat = 3;
        private Set<Mode> modes = EnumSet.allOf(Mode.class);
        private ComputeChoice compute = ComputeChoice.defaults();
        private BenchmarkImages images;
        private Path profile;
        private int profileTop = 15;
        private BenchmarkListener listener = new BenchmarkListener() {};

        private Builder() {}

        /**
         * Sets the network to time (required), e.g. {@link NinArchitecture#seed()}.
         *
         * @param architecture the architecture
         * @return this builder
         */
        public Builder setArchitecture(NinArchitecture architecture) {
            this.architecture = architecture;
            return this;
        }

        /**
         * Sets the image side (default 224, the seed's).
         *
         * @param resize at least the network's smallest input
         * @return this builder
         */
        public Builder optResize(int resize) {
            this.resize = resize;
            return this;
        }

        /**
         * Sets the images per step (default 128).
         *
         * @param batchSize at least 1
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets the timed steps per repetition (default 5).
         *
         * @param steps at least 1
         * @return this builder
         */
        public Builder optSteps(int steps) {
            this.steps = steps;
            return this;
        }

        /**
         * Sets the untimed steps before each mode (default 1).
         *
         * @param warmup at least 0
         * @return this builder
         */
        public Builder optWarmup(int warmup) {
            this.warmup = warmup;
            return this;
        }

        /**
         * Sets the repetitions per mode, and of the peak measurement (default 3).
         *
         * @param repeat at least 1
         * @return this builder
         */
        public Builder optRepeat(int repeat) {
            this.repeat = repeat;
            return this;
        }

        /**
         * Sets what to time (default all three); they run in the order train, infer, data.
         *
         * @param modes at least one
         * @return this builder
         */
        public Builder optModes(Mode... modes) {
            this.modes =
                    modes.length == 0
                            ? EnumSet.noneOf(Mode.class)
                            : EnumSet.copyOf(Arrays.asList(modes));
            return this;
        }

        /**
         * Sets the device and how the engine check chooses the layout and precision (default {@link
         * ComputeChoice#defaults()}). A forced layout or bf16 ({@link ComputeChoice#forced()}) is
         * timed even where it computes wrong numbers.
         *
         * @param compute the choice
         * @return this builder
         */
        public Builder optCompute(ComputeChoice compute) {
            this.compute = compute;
            return this;
        }

        /**
         * Sets the images fed through the pipeline (default: {@link BenchmarkImages#random} of one
         * batch).
         *
         * @param images the images and where they came from
         * @return this builder
         */
        public Builder optImages(BenchmarkImages images) {
            this.images = images;
            return this;
        }

        /**
         * Also records one training step with the engine's profiler.
         *
         * @param trace where to write its Chrome trace
         * @param top how many of the slowest operators to keep, at least 1
         * @return this builder
         */
        public Builder optProfile(Path trace, int top) {
            this.profile = trace;
            this.profileTop = top;
            return this;
        }

        /**
         * Sets who hears each part as it completes (default: nobody).
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder optListener(BenchmarkListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Checks the values and builds the benchmark.
         *
         * @return the benchmark
         * @throws InvalidInputException if a value is missing or out of range, in one line
         */
        public Benchmark build() {
            if (architecture == null) {
                throw new InvalidInputException("a benchmark needs an architecture");
            }
            if (steps < 1 || repeat < 1 || batchSize < 1 || profileTop < 1 || warmup < 0) {
                throw new InvalidInputException(
                        String.format(
                                "steps, repeat, batch size and profile top must be at least 1 and"
                                        + " warmup at least 0, got %d, %d, %d, %d and %d",
                                steps, repeat, batchSize, profileTop, warmup));
            }
            if (!architecture.accepts(resize)) {
                throw new InvalidInputException(
                        "resize %s is too small; the smallest the network accepts is %s"
                                .formatted(resize, architecture.minimumInputSide()));
            }
            if (modes.isEmpty()) {
                throw new InvalidInputException("a benchmark needs at least one mode");
            }
            if (compute == null) {
                throw new InvalidInputException("the compute choice must not be null");
            }
            if (listener == null) {
                throw new InvalidInputException("the listener must not be null");
            }
            if (images != null && images.images().channels() != architecture.inputChannels()) {
                throw new InvalidInputException(
                        "the images have %s channels and the network takes %s"
                                .formatted(
                                        images.images().channels(), architecture.inputChannels()));
            }
            return new Benchmark(this);
        }
    }
}
