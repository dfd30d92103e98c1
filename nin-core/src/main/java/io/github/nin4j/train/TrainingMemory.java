package io.github.nin4j.train;

import ai.djl.ndarray.types.Shape;
import io.github.nin4j.base.InvalidValueException;
import io.github.nin4j.model.LayerKind;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinNetwork;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * Bounds a run's sizes before anything is created: an estimate of the memory one training step
 * takes, from the network's layer sizes ({@link NinNetwork#walk}), against the memory this machine
 * has available, and the largest input side and batch that fit.
 *
 * <p>The estimate: a training step keeps every layer's output for the backward pass. A NiN block
 * keeps each convolution's output and its ReLU's, other layers their output, plus the input and the
 * next batch prepared alongside; 4 bytes each, times {@link #CALIBRATION}. The factor, 0.8, brings
 * the count to what {@code nin experiment}'s memory probe reports: for the seed's network at 96 px,
 * 1.48 MiB per example (docs/results.md), against 1.88 MiB counted so. Parameters, their gradients
 * and the engine's own footprint come on top ({@link #FIXED_BYTES}). It is an estimate, within some
 * tens of per cent, and the messages say so; its purpose is to refuse at once a setting that cannot
 * possibly fit, instead of dying minutes later, or of overflowing a size.
 *
 * <p>Independently of memory, no layer's output for a whole batch may hold more than {@link
 * #MAX_ELEMENTS} values, the most a Java array holds, since the engine check copies such arrays.
 */
public final class TrainingMemory {

    /** Bytes a step uses per counted byte of activations (see the class comment). */
    public static final double CALIBRATION = 0.8;

    /** The engine and JVM's own footprint, counted on top of the step's arrays. */
    public static final long FIXED_BYTES = 1L << 30;

    /** The most values one array may hold. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private TrainingMemory() {}

    /**
     * Estimated bytes of one training step.
     *
     * @param architecture the network
     * @param side the input side
     * @param batchSize examples per batch
     * @return the estimate; {@link Long#MAX_VALUE} when it does not fit in a long, or when a
     *     layer's output would hold more than {@link #MAX_ELEMENTS} values
     */
    public static long stepBytes(NinArchitecture architecture, int side, int batchSize) {
        return stepBytes(architecture.newNetwork(), side, batchSize, true);
    }

    /** The estimate; with {@code arrayLimit}, {@link Long#MAX_VALUE} past the array limit. */
    private static long stepBytes(NinNetwork network, int side, int batchSize, boolean arrayLimit) {
        NinArchitecture architecture = network.getArchitecture();
        List<NinNetwork.PlacedLayer> walk =
                network.walk(new Shape(1, architecture.inputChannels(), side, side));
        try {
            long input =
                    Math.multiplyExact((long) architecture.inputChannels(), (long) side * side);
            // The input, and the next batch being prepared.
            long perExample = Math.multiplyExact(input, 2);
            for (NinNetwork.PlacedLayer layer : walk) {
                long out = layer.output().size();
                if (arrayLimit
                        && (Math.multiplyExact(out, batchSize) > MAX_ELEMENTS
                                || Math.multiplyExact(input, batchSize) > MAX_ELEMENTS)) {
                    return Long.MAX_VALUE;
                }
                long kept =
                        layer.layer().kind() == LayerKind.NIN_BLOCK
                                ? Math.multiplyExact(out, 2L * (1 + architecture.pointwise()))
                                : out;
                perExample = Math.addExact(perExample, kept);
            }
            long activations =
                    (long)
                            (CALIBRATION
                                    * Math.multiplyExact(
                                            Math.multiplyExact(perExample, 4L), batchSize));
            return Math.addExact(activations, FIXED_BYTES);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * The memory this machine has for a run: Linux's {@code MemAvailable}, else the physical
     * memory.
     *
     * @return bytes
     */
    public static long availableBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: the physical memory below.
        }
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
    }

    /**
     * The largest input side whose training step fits in {@code budget}, by bisection.
     *
     * @param architecture the network
     * @param batchSize examples per batch
     * @param budget bytes
     * @return the side, or 0 when not even the smallest side the network accepts fits
     */
    public static int largestSide(NinArchitecture architecture, int batchSize, long budget) {
        NinNetwork network = architecture.newNetwork();
        int low = architecture.minimumInputSide();
        if (stepBytes(network, low, batchSize, true) > budget) {
            return 0;
        }
        return largest(low, 1 << 20, side -> stepBytes(network, side, batchSize, true) <= budget);
    }

    /** By bisection, the largest value in [low, high] that fits, or {@code low} when none does. */
    private static int largest(int low, int high, IntPredicate fits) {
        while (low < high) {
            int mid = (int) (((long) low + high + 1) / 2);
            if (fits.test(mid)) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /**
     * Refuses a configuration whose training step cannot fit in this machine's available memory,
     * before anything is created.
     *
     * @param config the run's configuration
     * @throws InvalidValueException for {@link TrainingConfig#INPUT_SIZE}, saying the largest side
     *     that fits at this batch size, or for {@link TrainingConfig#BATCH_SIZE} when not even the
     *     smallest side fits
     */
    public static void check(TrainingConfig config) {
        check(config, availableBytes());
    }

    /**
     * {@link #check(TrainingConfig)} against a given budget.
     *
     * @param config the run's configuration
     * @param available the bytes available
     * @throws InvalidValueException as {@link #check(TrainingConfig)}
     */
    public static void check(TrainingConfig config, long available) {
        check(config.architecture(), config.resize(), config.batchSize(), available);
    }

    /**
     * {@link #check(TrainingConfig)} for a network, side and batch size, e.g. each variant of an
     * experiment.
     *
     * @param architecture the network
     * @param resize the input side
     * @param batch examples per batch
     * @param available the bytes available, e.g. {@link #availableBytes()}
     * @throws InvalidValueException as {@link #check(TrainingConfig)}
     */
    public static void check(NinArchitecture architecture, int resize, int batch, long available) {
        TrainingConfig config =
                new TrainingConfig(architecture, 1, 0.1, batch, resize, 0, 1, OnPlateau.WARN);
        long needed = stepBytes(architecture, config.resize(), batch);
        if (needed <= available) {
            return;
        }
        long memory = stepBytes(architecture.newNetwork(), config.resize(), batch, false);
        String need =
                memory <= available
                        ? "more values in one layer than a Java array holds"
                        : memory == Long.MAX_VALUE
                                ? "more memory than can be counted"
                                : "about %s of memory (an estimate from the network's layer sizes)"
                                        .formatted(size(memory));
        int side = largestSide(architecture, batch, available);
        if (side > 0) {
            throw new InvalidValueException(
                    TrainingConfig.INPUT_SIZE,
                    String.format(
                            Locale.ROOT,
                            "%d at batch size %d needs %s, and this machine has %s available: at"
                                    + " most %d for this network at this batch size on this"
                                    + " machine's memory; lower it, or the batch size",
                            config.resize(),
                            batch,
                            need,
                            size(available),
                            side));
        }
        int low = largest(1, batch, b -> stepBytes(architecture, config.resize(), b) <= available);
        boolean fits = stepBytes(architecture, config.resize(), low) <= available;
        throw new InvalidValueException(
                TrainingConfig.BATCH_SIZE,
                String.format(
                        Locale.ROOT,
                        "%d at input size %d needs %s, and this machine has %s available: %s",
                        batch,
                        config.resize(),
                        need,
                        size(available),
                        fits
                                ? ("at most %s for this network at this size on this"
                                                + " machine's memory")
                                        .formatted(low)
                                : "not even one example fits; use a smaller network or size"));
    }

    private static String size(long bytes) {
        double gib = bytes / (double) (1L << 30);
        return gib >= 1024
                ? String.format(Locale.ROOT, "%,.1f TiB", gib / 1024)
                : String.format(Locale.ROOT, "%,.1f GiB", gib);
    }
}
