package io.github.nin4j.experiment;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nin4j.base.Reasons;
import io.github.nin4j.bench.PeakMemory;
import io.github.nin4j.compute.ComputePlan;
import io.github.nin4j.compute.NinModel;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.precision.Precision;
import io.github.nin4j.train.SeedTrainerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures the peak memory of a training step or an inference pass of a network, in a given layout
 * and precision, in a process of its own: {@link #main} runs two steps on random images (the first
 * warms the engine up) and prints the process's peak resident memory, which counts the engine's
 * native allocations.
 */
final class MemoryProbe {

    private static final String PEAK = "peak_bytes ";

    private MemoryProbe() {}

    /**
     * The bytes one more example takes in a training step or an inference pass: the peaks at two
     * batch sizes, each in a fresh process, their difference divided by the difference in examples.
     */
    static long marginalBytes(
            NinArchitecture architecture,
            int resize,
            ConvolutionLayout layout,
            Precision precision,
            boolean training,
            int small,
            int large) {
        long low = peak(architecture, resize, layout, precision, training, small);
        long high = peak(architecture, resize, layout, precision, training, large);
        return Math.max(0, (high - low) / (large - small));
    }

    private static long peak(
            NinArchitecture architecture,
            int resize,
            ConvolutionLayout layout,
            Precision precision,
            boolean training,
            int batch) {
        try {
            String java =
                    ProcessHandle.current()
                            .info()
                            .command()
                            .orElse(
                                    Path.of(System.getProperty("java.home"), "bin", "java")
                                            .toString());
            List<String> command =
                    List.of(
                            java,
                            "-Xmx2g",
                            "-Dai.djl.offline=true",
                            "-cp",
                            System.getProperty("java.class.path"),
                            MemoryProbe.class.getName(),
                            new ObjectMapper().writeValueAsString(architecture),
                            Integer.toString(resize),
                            layout.name(),
                            precision.name(),
                            Boolean.toString(training),
                            Integer.toString(batch));
            // The child inherits the environment, so it runs under the same memory allocator.
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("memory probe failed: " + output.strip());
            }
            return output.lines()
                    .filter(line -> line.startsWith(PEAK))
                    .mapToLong(line -> Long.parseLong(line.substring(PEAK.length()).strip()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("memory probe said: " + output));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the memory probe: " + Reasons.of(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring memory", e);
        }
    }

    /**
     * Runs two steps and prints {@code peak_bytes N}.
     *
     * @param args the architecture as JSON, the input side, the layout, the precision, {@code true}
     *     for a training step or {@code false} for inference, and the batch size
     * @throws IOException if the architecture cannot be read
     */
    public static void main(String[] args) throws IOException {
        NinArchitecture architecture = new ObjectMapper().readValue(args[0], NinArchitecture.class);
        int resize = Integer.parseInt(args[1]);
        ConvolutionLayout layout = ConvolutionLayout.valueOf(args[2]);
        Precision precision = Precision.valueOf(args[3]);
        boolean training = Boolean.parseBoolean(args[4]);
        int batch = Integer.parseInt(args[5]);
        Shape input = new Shape(batch, architecture.inputChannels(), resize, resize);
        // The plan was checked by the parent process, which measures nothing it has not checked.
        ComputePlan plan = ComputePlan.unchecked(Device.cpu(), layout, precision);
        try (NinModel nin =
                NinModel.builder()
                        .setArchitecture(architecture)
                        .setInputShape(input)
                        .setPlan(plan)
                        .optSeed(1)
                        .optName("memory-probe")
                        .build()) {
            Model model = nin.model();
            try (Trainer trainer = model.newTrainer(SeedTrainerConfig.of(0.1, Device.cpu()))) {
                for (int step = 0; step < 2; step++) {
                    try (NDManager arrays = model.getNDManager().newSubManager()) {
                        NDArray images = arrays.randomUniform(0, 1, input);
                        NDArray labels = arrays.zeros(new Shape(batch), DataType.INT64);
                        if (training) {
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                NDArray logits =
                                        trainer.forward(new NDList(images)).singletonOrThrow();
                                collector.backward(
                                        trainer.getLoss()
                                                .evaluate(new NDList(labels), new NDList(logits)));
                            }
                            trainer.step();
                        } else {
                            trainer.evaluate(new NDList(images)).singletonOrThrow().getShape();
                        }
                    }
                }
            }
        }
        System.out.println(PEAK + PeakMemory.bytes());
    }
}
