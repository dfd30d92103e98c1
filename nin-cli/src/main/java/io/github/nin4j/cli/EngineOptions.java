package io.github.nin4j.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.compute.ComputeChoice;
import io.github.nin4j.engine.LayoutChoice;
import io.github.nin4j.machine.Environment;
import io.github.nin4j.machine.MemoryAllocator;
import io.github.nin4j.precision.PrecisionChoice;
import picocli.CommandLine.Option;

/** The device, thread and layout options shared by the commands that run the network. */
final class EngineOptions {

    /** Which device to run on. */
    enum DeviceChoice {
        auto,
        cpu,
        gpu
    }

    @Option(
            names = "--device",
            paramLabel = "auto|cpu|gpu",
            defaultValue = "auto",
            description =
                    "Device: auto (GPU when the engine sees one), cpu, or gpu (needs DJL's CUDA"
                            + " engine, see README). Default: ${DEFAULT-VALUE}.")
    DeviceChoice device;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Engine threads for one operation (default: PyTorch's, the core count).")
    Integer threads;

    @Option(
            names = "--conv-layout",
            paramLabel = "auto|nchw|channels-last",
            defaultValue = "auto",
            description =
                    "Memory layout of the convolutions: auto (on the CPU channels-last, the faster,"
                            + " when the engine check finds it right, else NCHW), nchw or"
                            + " channels-last."
                            + " Default: ${DEFAULT-VALUE}.")
    String convLayout;

    /** The layout choice from {@code --conv-layout}. */
    LayoutChoice layoutChoice() {
        return switch (convLayout) {
            case "auto" -> LayoutChoice.AUTO;
            case "nchw" -> LayoutChoice.NCHW;
            case "channels-last" -> LayoutChoice.CHANNELS_LAST;
            default ->
                    throw new InvalidInputException(
                            "--conv-layout must be auto, nchw or channels-last, got '%s'"
                                    .formatted(convLayout));
        };
    }

    /** Applies the thread setting (before the engine starts) and picks the device. */
    Device apply() {
        if (threads != null) {
            Commands.atLeast("--threads", threads, 1);
            // Read by DJL's PyTorch engine when it starts; no effect on an engine already running.
            System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        int gpus = Engine.getInstance().getGpuCount();
        return switch (device) {
            case cpu -> Device.cpu();
            case auto -> gpus > 0 ? Device.gpu() : Device.cpu();
            case gpu -> {
                if (gpus == 0) {
                    throw new InvalidInputException(
                            "--device gpu: the PyTorch engine sees no GPU; this build bundles the"
                                    + " CPU engine (README, section GPU, says how to use DJL's"
                                    + " CUDA build), or use --device cpu");
                }
                yield Device.gpu();
            }
        };
    }

    /** How the layout and the given precision are to be chosen on a device already picked. */
    ComputeChoice compute(Device device, PrecisionChoice precision) {
        return new ComputeChoice(device, layoutChoice(), precision);
    }

    /** As {@link #compute(Device, PrecisionChoice)}, on the device {@link #apply} picks. */
    ComputeChoice compute(PrecisionChoice precision) {
        return compute(apply(), precision);
    }

    /** The threads {@link #apply} configured, else the core count PyTorch defaults to. */
    int threadsInUse() {
        return Environment.threads();
    }

    /** The opening line of a run about where it computes. */
    String describe(Device device) {
        return "device: %s, threads: %d, allocator: %s"
                .formatted(device, threadsInUse(), MemoryAllocator.current().describe());
    }
}
