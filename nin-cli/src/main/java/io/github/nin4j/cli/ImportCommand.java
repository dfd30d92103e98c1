package io.github.nin4j.cli;

import io.github.nin4j.interop.TorchImport;
import io.github.nin4j.model.NinArchitecture;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nin import FILE.npz --out RUN_DIR}: PyTorch weights (the seed's state_dict keys) as a run
 * directory that {@code evaluate}, {@code predict}, {@code export} and {@code train --resume}
 * accept.
 */
@Command(
        name = "import",
        description = {
            "Make a run directory from a PyTorch NiN's weights saved as .npz under its state_dict"
                    + " keys (e.g. np.savez(f, **{k: v.numpy() for k, v in net.state_dict().items()})).",
            "The architecture is read from the weights' shapes when its kernels are the seed's"
                    + " and its head global pooling; otherwise give it with --block, --pointwise"
                    + " and --head. `nin train --resume RUN_DIR` then trains from these weights."
        })
final class ImportCommand extends Subcommand {

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

    @Override
    public Integer call() {
        PrintWriter stdout = stdout();
        try (TorchImport weights = TorchImport.read(npz)) {
            NinArchitecture architecture =
                    architectureOptions.describesNetwork()
                            ? architectureOptions.architecture(weights.inputChannels())
                            : weights.inferArchitecture();
            weights.into(out, architecture, resize);
            stdout.printf(
                    "imported %d arrays from %s: NiN with blocks %s%s, %d classes, for %dx%d"
                            + " input%n",
                    weights.arrays(),
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
}
