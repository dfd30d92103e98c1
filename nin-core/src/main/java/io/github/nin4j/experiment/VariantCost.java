package io.github.nin4j.experiment;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nin4j.base.AtomicFile;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.MultiplyAddCounter;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinNetwork;
import io.github.nin4j.model.ParameterCount;
import io.github.nin4j.precision.Precision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a variant costs: parameters, multiply-adds per example, and the memory one more example in a
 * batch takes, measured for a training step and for inference.
 *
 * @param variant the variant's name
 * @param architecture its network
 * @param resize the input side it was measured at
 * @param layout the convolutions' layout it was measured in
 * @param precision the precision its NiN blocks computed in; null, as in a {@code cost.json}
 *     written before bf16, reads as float32
 * @param parameters trainable parameters
 * @param multiplyAdds multiply-adds of one example's forward pass
 * @param trainingBytesPerExample peak resident memory of a training step, per example of the batch
 * @param inferenceBytesPerExample peak resident memory of an inference pass, per example
 */
public record VariantCost(
        String variant,
        NinArchitecture architecture,
        int resize,
        ConvolutionLayout layout,
        Precision precision,
        long parameters,
        long multiplyAdds,
        long trainingBytesPerExample,
        long inferenceBytesPerExample) {

    private static final String FILE = "cost.json";

    /** Reads a missing precision as float32, what every measurement before bf16 ran in. */
    public VariantCost {
        precision = Objects.requireNonNullElse(precision, Precision.FP32);
    }

    /** A network's parameters and one example's multiply-adds, in that order. */
    static long[] count(NinArchitecture architecture, int resize) {
        Shape input = new Shape(1, architecture.inputChannels(), resize, resize);
        try (NDManager manager = NDManager.newBaseManager()) {
            NinNetwork network = architecture.newNetwork();
            network.initialize(manager, input);
            return new long[] {
                ParameterCount.of(network.getBlock()),
                new MultiplyAddCounter().count(network.getBlock(), input)
            };
        }
    }

    /** Measures a variant's cost. */
    @FunctionalInterface
    public interface Meter {

        /**
         * Measures, or reads back an earlier measurement of the same network, size, layout and
         * precision from {@code directory}.
         *
         * @param variant the variant's name
         * @param architecture its network
         * @param resize the input side
         * @param batchSize the batch size the experiment trains with
         * @param layout the convolutions' layout
         * @param precision the precision the variant's NiN blocks compute in
         * @param directory where the measurement is kept
         * @return the cost
         */
        VariantCost cost(
                String variant,
                NinArchitecture architecture,
                int resize,
                int batchSize,
                ConvolutionLayout layout,
                Precision precision,
                Path directory);

        /**
         * Memory measured by {@link MemoryProbe} in a fresh child process per measurement, since a
         * process's peak memory only ever rises: the peak of a step at a quarter of the batch and
         * at twice the batch, the difference divided by the difference in examples. What every step
         * holds whatever its batch (the parameters, the engine, the JVM) cancels out. The result is
         * kept in the variant's directory as {@code cost.json}.
         *
         * @return the meter
         */
        static Meter inChildProcesses() {
            return (variant, architecture, resize, batchSize, layout, precision, directory) -> {
                Path file = directory.resolve(FILE);
                ObjectMapper json = new ObjectMapper();
                try {
                    if (Files.isRegularFile(file)) {
                        VariantCost kept = json.readValue(file.toFile(), VariantCost.class);
                        if (kept.architecture().equals(architecture)
                                && kept.resize() == resize
                                && kept.layout() == layout
                                && kept.precision() == precision) {
                            return kept;
                        }
                    }
                    long[] counts = count(architecture, resize);
                    // Probed between a quarter and twice the batch: the wider apart, the less the
                    // allocator's rounding shows (docs/results.md).
                    int small = Math.max(1, batchSize / 4);
                    int large = 2 * batchSize;
                    long train =
                            MemoryProbe.marginalBytes(
                                    architecture, resize, layout, precision, true, small, large);
                    long infer =
                            MemoryProbe.marginalBytes(
                                    architecture, resize, layout, precision, false, small, large);
                    VariantCost cost =
                            new VariantCost(
                                    variant,
                                    architecture,
                                    resize,
                                    layout,
                                    precision,
                                    counts[0],
                                    counts[1],
                                    train,
                                    infer);
                    Files.createDirectories(directory);
                    AtomicFile.writeJson(file, cost);
                    return cost;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
        }
    }
}
