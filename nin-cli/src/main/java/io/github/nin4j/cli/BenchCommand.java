package io.github.nin4j.cli;

import ai.djl.Device;
import io.github.nin4j.base.AtomicFile;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.bench.Benchmark;
import io.github.nin4j.bench.BenchmarkImages;
import io.github.nin4j.bench.BenchmarkListener;
import io.github.nin4j.bench.BenchmarkResult;
import io.github.nin4j.bench.EngineProfile;
import io.github.nin4j.bench.StepTimes;
import io.github.nin4j.bench.Summary;
import io.github.nin4j.data.DataLocator;
import io.github.nin4j.data.FashionMnist;
import io.github.nin4j.data.ImageFolder;
import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.engine.LayoutTrial;
import io.github.nin4j.machine.MemoryAllocator;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.precision.Precision;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nin bench}: examples/sec of training steps, inference and the data pipeline, with the time
 * split by phase, peak memory, and achieved GFLOP/s against the engine's peak.
 */
@Command(
        name = "bench",
        description = {
            "Benchmark the seed's NiN: training steps (data wait / forward / backward / update),"
                    + " inference, and the data pipeline, as medians over repetitions.",
            "Uses the real Fashion-MNIST when present, random images of the same shape otherwise."
        })
final class BenchCommand extends Subcommand {

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

    @Option(
            names = "--channels",
            paramLabel = "1|3",
            defaultValue = "1",
            description =
                    "With --input random: grey (1, default, Fashion-MNIST's) or colour (3) images.")
    int channels;

    @Option(
            names = "--data-folder",
            paramLabel = "DIR",
            description =
                    "Time a folder of your own images instead, stored at --resize in the image"
                            + " cache as `nin train --data-folder` stores it (colour when the"
                            + " files are).")
    Path dataFolder;

    @Mixin EngineOptions engineOptions;

    @Mixin PrecisionOptions precisionOptions;

    @Override
    public Integer call() {
        // Checked here too, to name the flags; the library checks the same in its own words.
        if (steps < 1 || repeat < 1 || warmup < 0 || batchSize < 1 || profileTop < 1) {
            throw new InvalidInputException(
                    "--steps, --repeat, --batch-size and --profile-top must be at least 1 and"
                            + " --warmup at least 0");
        }
        if (channels != 1 && channels != 3) {
            throw new InvalidInputException("--channels must be 1 or 3, got " + channels);
        }
        BenchmarkImages images = images();
        // The seed's network, taking the images' channels and classes.
        NinArchitecture architecture =
                NinArchitecture.builder()
                        .optInputChannels(images.images().channels())
                        .optClasses(images.images().classes())
                        .build();
        ArchitectureOptions.checkResize(architecture, resize);
        PrintWriter out = stdout();
        Device device = engineOptions.apply();
        Benchmark.Builder builder =
                Benchmark.builder()
                        .setArchitecture(architecture)
                        .optResize(resize)
                        .optBatchSize(batchSize)
                        .optSteps(steps)
                        .optWarmup(warmup)
                        .optRepeat(repeat)
                        .optModes(selected())
                        .optCompute(engineOptions.compute(device, precisionOptions.choice()));
        if (profile != null) {
            builder.optProfile(profile, profileTop);
        }
        BenchmarkResult result =
                builder.optImages(images)
                        .optListener(new Console(out, device, images))
                        .build()
                        .run();
        out.printf("%npeak resident memory: %.2f GiB%n", result.peakRssBytes() / 1073741824.0);
        if (json != null) {
            AtomicFile.writeJson(json, result);
            out.println("results: " + json);
        }
        out.flush();
        return 0;
    }

    /** Prints each part of the benchmark as it completes, as {@code nin bench} always has. */
    private final class Console implements BenchmarkListener {
        private final PrintWriter out;
        private final Device device;
        private final BenchmarkImages images;

        Console(PrintWriter out, Device device, BenchmarkImages images) {
            this.out = out;
            this.device = device;
            this.images = images;
        }

        @Override
        public void onStart(EngineVerdict verdict, LayoutTrial timed) {
            out.printf(
                    "nin bench: resize %d, batch %d, %d steps x %d repeats after %d warm-up, %s,"
                            + " %d threads, %s%n",
                    resize,
                    batchSize,
                    steps,
                    repeat,
                    warmup,
                    device,
                    engineOptions.threadsInUse(),
                    timed.precision() == Precision.BF16 ? "bf16 NiN blocks" : "float32");
            out.println("allocator: " + MemoryAllocator.current().describe());
            out.println(verdict.summary());
            if (!verdict.right()) {
                out.printf(
                        "warning: %s computes wrong numbers on this CPU; timed anyway, as asked%n",
                        timed.name());
            }
            out.println("input: " + images.description());
            out.flush();
        }

        @Override
        public void onPeak(Summary peak, Summary peakBf16) {
            out.printf(
                    "engine peak: %.1f GFLOP/s [%.1f, %.1f] in float32 (5x5 convolution 96->256 at"
                            + " 26x26, batch %d)%n",
                    peak.median(), peak.min(), peak.max(), batchSize);
            if (peakBf16 != null) {
                out.printf(
                        "engine peak: %.1f GFLOP/s [%.1f, %.1f] in bf16 (the same convolution);"
                                + " %% peak below is of this one%n",
                        peakBf16.median(), peakBf16.min(), peakBf16.max());
            }
            out.println();
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
        }

        @Override
        public void onMode(BenchmarkResult.ModeResult row) {
            Summary perSecond = row.examplesPerSec();
            StepTimes median = row.phasesSeconds();
            out.printf(
                    "%-6s %-24s %8.3f %8.3f %8.3f %9.3f %8.3f %8s %7s%n",
                    row.mode().key(),
                    String.format(
                            "%.1f [%.1f, %.1f]",
                            perSecond.median(), perSecond.min(), perSecond.max()),
                    row.secondsPerStep().median(),
                    median.dataWait(),
                    median.forward(),
                    median.backward(),
                    median.update(),
                    row.computes() ? String.format("%.1f", row.gflops()) : "-",
                    row.computes() ? String.format("%.0f%%", 100 * row.shareOfPeak()) : "-");
            out.flush();
        }

        @Override
        public void onProfile(BenchmarkResult.Profile recorded) {
            double total = recorded.totalMs();
            out.printf(
                    "%nengine profile of one training step: %.0f ms in operators; trace: %s%n",
                    total, recorded.trace());
            out.printf(
                    "%-9s %-36s %-46s %5s %9s %6s%n",
                    "phase", "operator", "inputs", "calls", "ms", "share");
            for (EngineProfile.Operator op : recorded.operators()) {
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
        }
    }

    private Benchmark.Mode[] selected() {
        return switch (mode) {
            case train -> new Benchmark.Mode[] {Benchmark.Mode.TRAIN};
            case infer -> new Benchmark.Mode[] {Benchmark.Mode.INFER};
            case data -> new Benchmark.Mode[] {Benchmark.Mode.DATA};
            case all -> Benchmark.Mode.values();
        };
    }

    /** The images to feed: the CLI decides where they come from; the library times them. */
    private BenchmarkImages images() {
        if (dataFolder != null) {
            ImageFolder folder =
                    ImageFolder.builder()
                            .setRoot(dataFolder)
                            .optSide(resize)
                            .optCacheDirectory(DataOptions.defaultImageCache())
                            .build();
            return new BenchmarkImages(folder.train(), true, folder.description());
        }
        if (input == Input.random) {
            return BenchmarkImages.random(
                    batchSize,
                    channels,
                    "random 28x28 "
                            + (channels == 1 ? "" : "colour ")
                            + "images, one batch (--input random)");
        }
        try {
            FashionMnist data =
                    FashionMnist.load(
                            DataOptions.locate(
                                    dataDir,
                                    null,
                                    false,
                                    System.getenv(),
                                    DataLocator.builder(),
                                    stderr()));
            return new BenchmarkImages(
                    data.train(),
                    true,
                    "real Fashion-MNIST training images (" + data.source().origin() + ")");
        } catch (InvalidInputException e) {
            if (dataDir != null || input == Input.real) {
                throw e;
            }
            return BenchmarkImages.random(
                    4096,
                    "random 28x28 images (Fashion-MNIST not found), through the same pipeline");
        }
    }
}
