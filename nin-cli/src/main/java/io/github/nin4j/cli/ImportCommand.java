package io.github.nin4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nin4j.base.Checksums;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.interop.NpzFile;
import io.github.nin4j.interop.TorchStateDict;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinNetwork;
import io.github.nin4j.train.Manifest;
import io.github.nin4j.train.OnPlateau;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.TrainingConfig;
import io.github.nin4j.train.TrainingHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nin import FILE.npz --out RUN_DIR}: PyTorch weights (the seed's state_dict keys) as a run
 * directory that {@code evaluate}, {@code predict}, {@code export} and {@code train --resume}
 * accept.
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Make a run directory from a PyTorch NiN's weights saved as .npz under its state_dict"
                    + " keys (e.g. np.savez(f, **{k: v.numpy() for k, v in net.state_dict().items()})).",
            "The architecture is read from the weights' shapes when its kernels are the seed's"
                    + " and its head global pooling; otherwise give it with --block, --pointwise"
                    + " and --head. `nin train --resume RUN_DIR` then trains from these weights."
        })
final class ImportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE.npz", description = "The weights.")
    Path npz;

    @Option(
            names = "--out",
            paramLabel = "RUN_DIR",
            required = true,
            description = "Run directory to create.")
    Path out;

    @Option(
            names = "--resize",
            defaultValue = "224",
            description = "Image side the network was trained at (default: ${DEFAULT-VALUE}).")
    int resize;

    @Mixin ArchitectureOptions architectureOptions;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        RunDirectory run = RunDirectory.create(out);
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> stateDict = NpzFile.of(npz).read(manager);
            Map<String, Shape> shapes = TorchStateDict.shapesOf(stateDict);
            NinArchitecture architecture =
                    architectureOptions.describesNetwork()
                            ? architectureOptions.architecture(
                                    (int) shapes.getOrDefault("0.0.weight", new Shape(0, 1)).get(1))
                            : TorchStateDict.inferArchitecture(shapes);
            TrainingConfig config =
                    new TrainingConfig(architecture, 10, 0.1, 128, resize, 0, 1, OnPlateau.WARN);
            NinNetwork network = architecture.newNetwork();
            network.initialize(manager, new Shape(1, architecture.inputChannels(), resize, resize));
            TorchStateDict.of(architecture).load(network, stateDict);
            run.saveEpoch(network.getBlock(), TrainingHistory.empty());
            run.writeManifest(
                    Manifest.imported(
                            config,
                            npz.toAbsolutePath().toString(),
                            Checksums.sha256(readAll(npz)),
                            stateDict.size()));
            stdout.printf(
                    "imported %d arrays from %s: NiN with blocks %s%s, %d classes, for %dx%d"
                            + " input%n",
                    stateDict.size(),
                    npz,
                    architecture.blocks(),
                    architecture.variantNote(),
                    architecture.classes(),
                    resize,
                    resize);
            stdout.printf("run directory: %s (try: ./nin evaluate %s)%n", out, out);
        }
        stdout.flush();
        return 0;
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
