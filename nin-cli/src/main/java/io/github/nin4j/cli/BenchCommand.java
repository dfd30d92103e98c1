package io.github.nin4j.cli;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.nin4j.base.AtomicFile;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.bench.ConvolutionPeak;
import io.github.nin4j.bench.EngineProfile;
import io.github.nin4j.bench.PeakMemory;
import io.github.nin4j.bench.StepBenchmark;
import io.github.nin4j.bench.StepTimes;
import io.github.nin4j.bench.Summary;
import io.github.nin4j.compute.ComputeChoice;
import io.github.nin4j.compute.ComputePlan;
import io.github.nin4j.compute.NinModel;
import io.github.nin4j.data.BatchLoader;
import io.github.nin4j.data.DataLocator;
import io.github.nin4j.data.FashionMnist;
import io.github.nin4j.data.ImageSet;
import io.github.nin4j.engine.EngineFaultException;
import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.machine.Environment;
import io.github.nin4j.machine.MemoryAllocator;
import io.github.nin4j.model.MultiplyAddCounter;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.precision.Precision;
import io.github.nin4j.train.SeedTrainerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nin bench}: examples/sec of training steps, inference and the data pipeline, with the time
 * split by phase, peak memory, and achieved GFLOP/s against the engine's peak.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmark the seed's NiN: training steps (data wait / forward / backward / update),"
                    + " inference, and the data pipeline, as medians over repetitions.",
            "Uses the real Fashion-MNIST when present, random images of the same shape otherwise."
        })
final class BenchCommand implements Callable<Integer> {

    /** What to measure. */
    enum Mode {
        train,
        infer,
        data,
        all
    }

    /** Which images feed the benchmark. */
    enum Input {
        auto,
        real,
        random
    }

    @Option(
            names = "--resize",
            defaultValue = "224",
            description = "Image side (default: ${DEFAULT-VALUE}).")
    int resize;

    @Option(
            names = "--batch-size",
            defaultValue = "128",
            description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--steps",
            defaultValue = "5",
            description = "Timed steps per repetition (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(
            names = "--warmup",
            defaultValue = "1",
            description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--repeat",
            defaultValue = "3",
            description = "Repetitions (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(
            names = "--mode",
            defaultValue = "all",
            description = "train, infer, data or all (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Option(
            names = "--profile",
            paramLabel = "FILE",
            description = {
                "Also record one training step with the engine's profiler: its Chrome trace goes"
                        + " to FILE (chrome://tracing, Perfetto) and the operators that took the"
                        + " most time are listed, forward and backward, with their input shapes."
            })
    Path profile;

    @Option(
            names = "--profile-top",
            paramLabel = "N",
            defaultValue = "15",
            description = "Operators to list from the profile (default: ${DEFAULT-VALUE}).")
    int profileTop;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description =
                    "Fashion-MNIST directory (default: found as `nin train` finds it, never downloaded).")
    Path dataDir;

    @Option(
            names = "--input",
            paramLabel = "auto|real|random",
            defaultValue = "auto",
            description = {
                "Images to feed: real Fashion-MNIST, or one batch of random images made again"
                        + " and again, as PyTorch benchmarks a fixed batch (nothing else held in"
                        + " memory). auto: real when found, else random. Default: ${DEFAULT-VALUE}."
            })
    Input input;

    @Mixin EngineOptions engineOptions;

    @Mixin PrecisionOptions precisionOptions;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        if (steps < 1 || repeat < 1 || warmup < 0 || batchSize < 1 || profileTop < 1) {
            throw new InvalidInputException(
                    "--steps, --repeat, --batch-size and --profile-top must be at least 1 and"
                            + " --warmup at least 0");
        }
        NinArchitecture architecture = NinArchitecture.seed();
        ArchitectureOptions.checkResize(architecture, resize);
        PrintWriter out = spec.commandLine().getOut();
        Device device = engineOptions.apply();
        ComputeChoice choice = engineOptions.compute(device, precisionOptions.choice());
        EngineVerdict verdict = choice.check(architecture, resize);
        // A benchmark times steps and reports no result of theirs, so a layout or precision the
        // user forces is timed even where it computes wrong numbers (to see what the workaround
        // costs); left to itself, the benchmark refuses a wrong engine as training does.
        if (!verdict.right() && !choice.forced()) {
            throw new EngineFaultException(verdict);
        }
        ComputePlan plan = ComputePlan.lastTried(verdict, device);
        Images images = images();
        out.printf(
                "nin bench: resize %d, batch %d, %d steps x %d repeats after %d warm-up, %s, %d"
                        + " threads, %s%n",
                resize,
                batchSize,
                steps,
                repeat,
                warmup,
                device,
                engineOptions.threadsInUse(),
                plan.precision() == Precision.BF16 ? "bf16 NiN blocks" : "float32");
        out.println("allocator: " + MemoryAllocator.current().describe());
        out.println(verdict.summary());
        if (!verdict.right()) {
            out.println(
                    "warning: "
                            + verdict.trials().get(verdict.trials().size() - 1).name()
                            + " computes wrong numbers on this CPU; timed anyway, as asked");
        }
        out.println("input: " + images.description());
        out.flush();

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("tool", "nin");
        results.put("versions", Environment.versions());
        results.put("machine", Environment.machine());
        results.put("threads", engineOptions.threadsInUse());
        results.put("resize", resize);
        results.put("batch_size", batchSize);
        results.put("steps", steps);
        results.put("warmup", warmup);
        results.put("repeat", repeat);
        results.put("input", images.real() ? "real" : "random");
        results.put("precision", plan.precision().label());
        results.put("engine_check", verdict);
        Map<String, Object> modes = new LinkedHashMap<>();
        results.put("modes", modes);

        Shape input = new Shape(batchSize, 1, resize, resize);
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
                                    .setImages(images.set())
                                    .setManager(model.getNDManager())
                                    .optBatchSize(batchSize)
                                    .optResize(resize)
                                    .optShuffle(true)
                                    .optSeed(1)
                                    .optDevice(device)
                                    .build()) {
                double forwardFlops = 2.0 * new MultiplyAddCounter().count(model.getBlock(), input);
                Summary peak = ConvolutionPeak.measure(model.getNDManager(), batchSize, repeat);
                out.printf(
                        "engine peak: %.1f GFLOP/s [%.1f, %.1f] (5x5 convolution 96->256 at 26x26,"
                                + " batch %d)%n%n",
                        peak.median(), peak.min(), peak.max(), batchSize);
                results.put("peak_gflops", peak);
                out.printf(
                        "%-6s %-24s %8s %8s %8s %9s %8s %8s %7s%n",
                        "mode",
                        "examples/s [min, max]",
                        "s/step",
                        "data",
                        "forward",
                        "backward",
                        "update",
                        "GFLOP/s",
                        "% peak");
                StepBenchmark bench = new StepBenchmark(trainer);
                int[] epoch = {0};
                Supplier<Iterator<Batch>> batches = () -> loader.epoch(++epoch[0]);
                for (Mode m : selected()) {
                    Function<Integer, StepTimes> run =
                            switch (m) {
                                case train -> n -> bench.train(batches, n);
                                case infer -> n -> bench.infer(batches, n);
                                default -> n -> StepBenchmark.data(batches, n);
                            };
                    double flopsPerStep =
                            switch (m) {
                                case train -> 3 * forwardFlops;
                                case infer -> forwardFlops;
                                default -> 0;
                            };
                    if (warmup > 0) {
                        run.apply(warmup);
                    }
                    List<StepTimes> reps = new ArrayList<>();
                    for (int r = 0; r < repeat; r++) {
                        reps.add(run.apply(steps));
                    }
                    modes.put(m.name(), row(out, m, reps, flopsPerStep, peak.median()));
                }
                if (profile != null) {
                    if (!selected().contains(Mode.train)) {
                        bench.train(batches, 1);
                    }
                    results.put("profile", profile(out, bench, batches));
                }
            }
        }
        long rss = PeakMemory.bytes();
        out.printf("%npeak resident memory: %.2f GiB%n", rss / 1073741824.0);
        results.put("peak_rss_bytes", rss);
        if (json != null) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            AtomicFile.write(json, stream -> mapper.writeValue(stream, results));
            out.println("results: " + json);
        }
        out.flush();
        return 0;
    }

    private Map<String, Object> row(
            PrintWriter out, Mode mode, List<StepTimes> reps, double flopsPerStep, double peak) {
        double[] examples = reps.stream().mapToDouble(t -> batchSize / t.total()).toArray();
        Summary perSecond = Summary.of(examples);
        Summary perStep = Summary.of(reps.stream().mapToDouble(StepTimes::total).toArray());
        StepTimes median =
                reps.stream()
                        .min(
                                Comparator.comparingDouble(
                                        t -> Math.abs(t.total() - perStep.median())))
                        .orElseThrow();
        double compute = perStep.median() - median.dataWait();
        double gflops = flopsPerStep > 0 ? flopsPerStep / compute / 1e9 : 0;
        out.printf(
                "%-6s %-24s %8.3f %8.3f %8.3f %9.3f %8.3f %8s %7s%n",
                mode,
                String.format(
                        "%.1f [%.1f, %.1f]", perSecond.median(), perSecond.min(), perSecond.max()),
                perStep.median(),
                median.dataWait(),
                median.forward(),
                median.backward(),
                median.update(),
                flopsPerStep > 0 ? String.format("%.1f", gflops) : "-",
                flopsPerStep > 0 ? String.format("%.0f%%", 100 * gflops / peak) : "-");
        out.flush();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("examples_per_sec", perSecond);
        row.put("seconds_per_step", perStep);
        row.put("phases_seconds", median);
        row.put("gflops", gflops);
        row.put("share_of_peak", flopsPerStep > 0 ? gflops / peak : 0);
        return row;
    }

    private Map<String, Object> profile(
            PrintWriter out, StepBenchmark bench, Supplier<Iterator<Batch>> batches) {
        EngineProfile recorded;
        try {
            recorded = EngineProfile.record(profile, () -> bench.train(batches, 1));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the profile to " + profile, e);
        }
        double total = recorded.totalMilliseconds();
        List<EngineProfile.Operator> top = recorded.operators().stream().limit(profileTop).toList();
        out.printf(
                "%nengine profile of one training step: %.0f ms in operators; trace: %s%n",
                total, profile);
        out.printf(
                "%-9s %-36s %-46s %5s %9s %6s%n",
                "phase", "operator", "inputs", "calls", "ms", "share");
        for (EngineProfile.Operator op : top) {
            out.printf(
                    "%-9s %-36s %-46s %5d %9.1f %5.1f%%%n",
                    op.phase(),
                    op.name(),
                    op.shapes(),
                    op.calls(),
                    op.milliseconds(),
                    100 * op.milliseconds() / total);
        }
        out.flush();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("trace", profile.toString());
        json.put("total_ms", total);
        json.put("operators", top);
        return json;
    }

    private List<Mode> selected() {
        return mode == Mode.all ? List.of(Mode.train, Mode.infer, Mode.data) : List.of(mode);
    }

    /** The images benchmarked and where they came from. */
    private record Images(ImageSet set, boolean real, String description) {}

    private Images images() {
        if (input == Input.random) {
            return randomImages(batchSize, "random 28x28 images, one batch (--input random)");
        }
        try {
            DataLocator.Builder locator =
                    DataLocator.builder()
                            .optSettingNames("--data", "--data-url")
                            .optAllowDownload(false)
                            .optPackageManager(false);
            if (dataDir != null) {
                locator.optDataDir(dataDir);
            }
            FashionMnist data = FashionMnist.load(locator.build().locate());
            return new Images(
                    data.train(),
                    true,
                    "real Fashion-MNIST training images (" + data.source().origin() + ")");
        } catch (InvalidInputException e) {
            if (dataDir != null || input == Input.real) {
                throw e;
            }
            return randomImages(
                    4096,
                    "random 28x28 images (Fashion-MNIST not found), through the same pipeline");
        }
    }

    private static Images randomImages(int n, String description) {
        byte[] pixels = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        Random random = new Random(1);
        random.nextBytes(pixels);
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) random.nextInt(10);
        }
        return new Images(ImageSet.of(pixels, labels, 28, 28), false, description);
    }
}
