package io.github.nin4j.cli;

import ai.djl.Device;
import io.github.nin4j.compute.ComputePlan;
import io.github.nin4j.interop.NpzFile;
import io.github.nin4j.interop.TorchStateDict;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.precision.Precision;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.TrainedModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nin export RUN_DIR --npz FILE.npz}: a run's parameters under the seed's state_dict keys.
 */
@Command(
        name = "export",
        description = {
            "Write a run's trained parameters as a NumPy .npz whose names and shapes are the seed"
                    + " PyTorch model's state_dict() keys (0.0.weight ... 7.4.bias), so that",
            "  net.load_state_dict({k: torch.from_numpy(v) for k, v in np.load(f).items()})",
            "works unchanged in the seed's code."
        })
final class ExportCommand extends Subcommand {

    @Parameters(
            paramLabel = "RUN_DIR",
            description = "A directory written by `nin train` or `nin import`.")
    Path runDir;

    @Option(
            names = "--npz",
            paramLabel = "FILE.npz",
            required = true,
            description = "The archive to write.")
    Path npz;

    @Override
    public Integer call() {
        PrintWriter out = stdout();
        // Export only copies the float32 parameters into a NumPy archive in host memory: nothing is
        // computed, so no engine check and no --device (parameters loaded onto a GPU would only
        // be copied back).
        ComputePlan readOnly =
                ComputePlan.unchecked(Device.cpu(), ConvolutionLayout.NCHW, Precision.FP32);
        try (TrainedModel model = TrainedModel.load(RunDirectory.open(runDir), readOnly)) {
            TorchStateDict layout = TorchStateDict.of(model.config().architecture());
            Map<String, ai.djl.ndarray.NDArray> stateDict = layout.toStateDict(model.network());
            NpzFile.of(npz).write(stateDict);
            out.printf(
                    "wrote %d arrays (%s ... %s) to %s%n",
                    stateDict.size(),
                    stateDict.keySet().iterator().next(),
                    stateDict.keySet().stream().reduce((a, b) -> b).orElseThrow(),
                    npz);
        }
        out.flush();
        return 0;
    }
}
