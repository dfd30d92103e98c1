package io.github.nin4j.cli;

import io.github.nin4j.base.AtomicFile;
import io.github.nin4j.engine.ConvolutionTrial;
import io.github.nin4j.engine.EngineCheck;
import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.engine.LayoutTrial;
import io.github.nin4j.engine.NetworkTrial;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.precision.Precision;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nin check}: whether the engine computes the network right on this machine, and in which
 * layout; the same check {@code train}, {@code bench}, {@code evaluate} and {@code predict} run
 * first.
 */
@Command(
        name = "check",
        description = {
            "Check that the engine computes the network right on this CPU: each convolution alone"
                    + " and the whole network, forward and backward, in float32 against float64.",
            "With --conv-layout auto on the CPU, channels-last (the faster layout) is tried first"
                    + " and NCHW when channels-last is wrong."
                    + " With --precision bf16 each NiN block alone and the whole network are"
                    + " computed in bf16 instead, against float64 with bf16's tolerances.",
            "Exit 0 when a precision and layout are right, 1 when none is."
        })
final class CheckCommand extends Subcommand {

    @Option(
            names = "--resize",
            defaultValue = "224",
            description = "Input side checked, the run's (default: ${DEFAULT-VALUE}).")
    int resize;

    @Option(
            names = "--batch-size",
            defaultValue = "2",
            description = "Batch checked, at least 2 (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of the weights and batch checked (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the verdict as JSON.")
    Path json;

    @Mixin ArchitectureOptions architectureOptions;

    @Mixin EngineOptions engineOptions;

    @Mixin PrecisionOptions precisionOptions;

    @Override
    public Integer call() {
        NinArchitecture architecture = architectureOptions.architecture(1);
        ArchitectureOptions.checkResize(architecture, resize);
        PrintWriter out = stdout();
        EngineVerdict verdict =
                EngineCheck.builder()
                        .setArchitecture(architecture)
                        .setInputSide(resize)
                        .optBatchSize(batchSize)
                        .optSeed(seed)
                        .optLayoutChoice(engineOptions.layoutChoice())
                        .optPrecisionChoice(precisionOptions.choice())
                        .optDevice(engineOptions.apply())
                        .build()
                        .run();
        out.printf(
                "nin check: blocks %s%s at %s, %s on %s%n",
                architecture.blocks(),
                architecture.variantNote(),
                verdict.input(),
                verdict.engine(),
                verdict.processor());
        out.println("relative L2 error against float64");
        for (LayoutTrial trial : verdict.trials()) {
            print(out, trial);
        }
        out.println();
        out.println(verdict.summary());
        out.flush();
        if (json != null) {
            AtomicFile.writeJson(json, verdict);
        }
        return verdict.right() ? 0 : 1;
    }

    private static void print(PrintWriter out, LayoutTrial trial) {
        boolean bf16 = trial.precision() == Precision.BF16;
        out.printf(
                "%n%s: %s (%s alone pass at %.0e, the whole network at %.0e)%n",
                trial.description(),
                trial.right() ? "right" : "WRONG",
                bf16 ? "blocks" : "convolutions",
                trial.convolutionTolerance(),
                trial.networkTolerance());
        out.printf(
                "  %-34s %-34s %9s %9s %9s %9s%n",
                bf16 ? "block" : "convolution",
                "problem",
                "forward",
                "bwd-data",
                "bwd-wei",
                "bwd-bias");
        for (ConvolutionTrial conv : trial.convolutions()) {
            out.printf(
                    "  %-34s %-34s %9s %9s %9s %9s%s%n",
                    conv.layer(),
                    conv.problem(),
                    error(conv.forward()),
                    conv.backwardData() == null ? "-" : error(conv.backwardData()),
                    error(conv.backwardWeights()),
                    error(conv.backwardBias()),
                    conv.within(trial.convolutionTolerance()) ? "" : "  WRONG");
        }
        NetworkTrial network = trial.network();
        out.printf(
                "  whole network: logits %s, loss %s, largest: %s%s%n",
                error(network.logits()),
                error(network.loss()),
                network.worstResult(),
                network.within(trial.networkTolerance(), trial.gradientTolerance())
                        ? ""
                        : "  WRONG");
    }

    private static String error(double value) {
        return String.format("%.1e", value);
    }
}
