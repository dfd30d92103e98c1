package io.github.nin4j.cli;

import ai.djl.ndarray.NDManager;
import io.github.nin4j.compute.ComputePlan;
import io.github.nin4j.interop.NpzFile;
import io.github.nin4j.interop.ParityCheck;
import io.github.nin4j.interop.ParityCheck.Difference;
import io.github.nin4j.interop.ParityFixture;
import io.github.nin4j.interop.TorchStateDict;
import io.github.nin4j.model.NinNetwork;
import io.github.nin4j.precision.PrecisionChoice;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nin parity}: our network against what PyTorch computed for the same weights and batch, the
 * Java side of {@code bench/parity}.
 */
@Command(
        name = "parity",
        description = {
            "Compare NiN for Java with PyTorch on a fixture written by"
                    + " generators/make_parity_fixture.py: logits, loss, and every parameter"
                    + " after one SGD step. Exit 0 when all agree within tolerance, 1 when not.",
            "The engine check runs first, at the fixture's input size."
        })
final class ParityCommand extends Subcommand {

    @Parameters(
            index = "0",
            paramLabel = "FIXTURE_DIR",
            description = "The directory the script wrote.")
    Path fixtureDir;

    @Option(
            names = "--export",
            paramLabel = "FILE.npz",
            description =
                    "Also write our parameters after the step as a state_dict .npz, for"
                            + " PyTorch to load back.")
    Path export;

    @Mixin EngineOptions engineOptions;

    @Override
    public Integer call() {
        PrintWriter out = stdout();
        try (NDManager manager = NDManager.newBaseManager(engineOptions.apply())) {
            ParityFixture fixture = ParityFixture.read(fixtureDir, manager);
            ComputePlan plan =
                    engineOptions
                            .compute(manager.getDevice(), PrecisionChoice.FP32)
                            .plan(fixture.architecture(), (int) fixture.input().getShape().get(2));
            out.println(plan.verdict().summary());
            NinNetwork network = fixture.newNetwork(manager, plan.blocks());
            List<Difference> differences = ParityCheck.of(fixture).run(network);
            boolean within = report(out, fixture, differences);
            if (export != null) {
                NpzFile.of(export)
                        .write(TorchStateDict.of(fixture.architecture()).toStateDict(network));
            }
            return within ? 0 : 1;
        }
    }

    private static boolean report(
            PrintWriter out, ParityFixture fixture, List<Difference> differences) {
        out.printf(
                "NiN for Java against PyTorch %s: input %s, blocks %s, %d classes%n",
                fixture.torchVersion(),
                fixture.input().getShape(),
                fixture.architecture().blocks(),
                fixture.architecture().classes());
        out.println(
                "scale: the largest |value| of PyTorch's logits and loss, and of the change its"
                        + " step made to each parameter");
        out.printf("%-26s%16s%14s%14s%n", "", "max |ours-torch|", "scale", "relative");
        for (Difference d : differences) {
            String name =
                    (fixture.weightsAfterStep().containsKey(d.name()) ? "after step " : "")
                            + d.name();
            out.printf("%-26s%16.3e%14.3e%14.3e%n", name, d.maxAbsolute(), d.scale(), d.relative());
        }
        Difference largest =
                differences.stream()
                        .max(Comparator.comparingDouble(Difference::maxAbsolute))
                        .orElseThrow();
        Difference largestRelative =
                differences.stream()
                        .max(Comparator.comparingDouble(Difference::relative))
                        .orElseThrow();
        boolean within = differences.stream().allMatch(Difference::within);
        out.printf(
                "largest absolute difference %.3e (%s), tolerance %.0e%n",
                largest.maxAbsolute(), largest.name(), ParityCheck.TOLERANCE);
        out.printf(
                "largest relative difference %.3e (%s), reported only%n",
                largestRelative.relative(), largestRelative.name());
        out.println(within ? "parity: OK" : "parity: FAILED");
        out.flush();
        return within;
    }
}
