package io.github.nin4j.cli;

import ai.djl.Device;
import io.github.nin4j.base.AtomicFile;
import io.github.nin4j.compute.ComputeChoice;
import io.github.nin4j.compute.ComputePlan;
import io.github.nin4j.data.ImageDataset;
import io.github.nin4j.data.Preprocessing;
import io.github.nin4j.engine.EngineFaultException;
import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.precision.PrecisionChoice;
import io.github.nin4j.train.InitialStatistics;
import io.github.nin4j.train.InitialisationProbe;
import io.github.nin4j.train.SeedScreening;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "seeds",
        description = {
            "Initialise the network with each seed as `nin train --seed` would and measure it on"
                    + " the first training images, dropout off, before any step: classes whose"
                    + " score is zero for every image, classes predicted, loss, how much the"
                    + " scores depend on the image, and the gradient's size at the first and last"
                    + " convolutions. Nothing is trained."
        })
final class SeedsCommand extends Subcommand {

    @Option(
            names = "--seeds",
            paramLabel = "SEED",
            split = ",",
            required = true,
            description = "The seeds, comma-separated.")
    List<Integer> seeds;

    @Option(
            names = "--resize",
            defaultValue = "224",
            description = "Input side, as for `nin train` (default: ${DEFAULT-VALUE}).")
    int resize;

    @Option(
            names = "--images",
            defaultValue = "" + SeedScreening.IMAGES,
            description = "Training images probed, the first ones (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Mixin ArchitectureOptions architectureOptions;

    @Mixin DataOptions dataOptions;

    @Mixin EngineOptions engineOptions;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = stdout();
        PrintWriter err = stderr();
        Commands.atLeast("--images", images, 2);
        ImageDataset data = dataOptions.dataset(err, resize);
        NinArchitecture architecture =
                architectureOptions.architecture(data.channels(), data.classNames().size());
        ArchitectureOptions.checkResize(architecture, resize);
        Device device = engineOptions.apply();
        ComputeChoice compute = engineOptions.compute(device, PrecisionChoice.FP32);
        EngineVerdict verdict = compute.check(architecture, resize);
        err.println(verdict.summary());
        if (!verdict.right()) {
            throw new EngineFaultException(verdict);
        }
        InitialisationProbe probe =
                new InitialisationProbe(
                        architecture,
                        ComputePlan.of(verdict, device),
                        Preprocessing.of(data.provenance(), resize),
                        data.train());
        out.printf(
                "%10s %6s %5s %9s %7s %10s %7s %10s %10s%n",
                "seed",
                "images",
                "zero",
                "predicted",
                "loss",
                "score mean",
                "spread",
                "first grad",
                "last grad");
        List<InitialStatistics> results = new ArrayList<>();
        for (int seed : seeds) {
            InitialStatistics s = probe.measure(seed, Math.min(images, data.train().size()));
            results.add(s);
            out.printf(
                    "%10d %6d %5d %9d %7.4f %10.3e %7.4f %10.3e %10.3e%n",
                    s.seed(),
                    s.images(),
                    s.zeroClasses(),
                    s.predictedClasses(),
                    s.loss(),
                    s.scoreMean(),
                    s.scoreSpread(),
                    s.firstGradient(),
                    s.lastGradient());
            out.flush();
        }
        if (json != null) {
            AtomicFile.writeJson(json, results);
        }
        return 0;
    }
}
