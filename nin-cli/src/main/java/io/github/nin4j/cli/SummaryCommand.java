package io.github.nin4j.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import io.github.nin4j.model.AlexNet;
import io.github.nin4j.model.LayerSummary;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinNetwork;
import io.github.nin4j.model.ParameterCount;
import io.github.nin4j.model.Vgg11;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nin summary}: the seed's layer-by-layer shape table for a batch of one, then parameters
 * and multiply-adds per layer; with {@code --compare}, NiN beside d2l's AlexNet and VGG-11.
 */
@Command(
        name = "summary",
        description = {
            "Print each layer's output shape (as the seed's table), parameters and multiply-adds.",
            "With --compare, put NiN beside d2l's AlexNet and VGG-11 (built and counted here)."
        })
final class SummaryCommand extends Subcommand {

    @Option(
            names = "--input",
            paramLabel = "CxHxW",
            defaultValue = "1x224x224",
            description = "Input image shape (default: ${DEFAULT-VALUE}).")
    String input;

    @Mixin ArchitectureOptions architectureOptions;

    @Option(
            names = "--compare",
            description = "Also build AlexNet and VGG-11 for 1x224x224 and compare parameters.")
    boolean compare;

    @Override
    public Integer call() {
        InputShape shape = InputShape.parse(input);
        NinArchitecture architecture = architectureOptions.architecture(shape.channels());
        architecture.checkInput(shape.channels(), shape.height(), shape.width());
        PrintWriter out = stdout();
        Shape inputShape = new Shape(1, shape.channels(), shape.height(), shape.width());
        try (NDManager manager = NDManager.newBaseManager()) {
            NinNetwork network = architecture.newNetwork();
            network.initialize(manager, inputShape);
            List<LayerSummary> rows = network.summarize(inputShape);
            for (LayerSummary row : rows) {
                out.println(row.kind().torchName() + " output shape:\t " + row.outputShape());
            }
            out.println();
            printTable(out, rows);
            if (compare) {
                out.println();
                printComparison(out, manager, network, architecture.classes());
            }
        }
        out.flush();
        return 0;
    }

    private static void printTable(PrintWriter out, List<LayerSummary> rows) {
        out.printf(
                "%-4s%-19s%-20s%12s%16s%n",
                "#", "Layer", "Output shape", "Parameters", "Multiply-adds");
        long parameters = 0;
        long macs = 0;
        int index = 0;
        for (LayerSummary row : rows) {
            out.printf(
                    "%-4d%-19s%-20s%,12d%,16d%n",
                    index++,
                    row.kind().torchName(),
                    row.outputShape(),
                    row.parameters(),
                    row.multiplyAdds());
            parameters += row.parameters();
            macs += row.multiplyAdds();
        }
        out.printf("%-43s%,12d%,16d%n", "Total", parameters, macs);
        out.printf(
                "Total parameters: %,d; multiply-adds per image: %.3f G%n", parameters, macs / 1e9);
    }

    private static void printComparison(
            PrintWriter out, NDManager manager, NinNetwork nin, int classes) {
        Shape input = new Shape(1, 1, 224, 224);
        Block alexNet = AlexNet.newBlock(classes);
        Block vgg = Vgg11.newBlock(classes);
        alexNet.initialize(manager, DataType.FLOAT32, input);
        vgg.initialize(manager, DataType.FLOAT32, input);
        out.println("Parameters for a 1x224x224 input and " + classes + " classes:");
        out.printf(
                "%-10s%16s%22s%26s%n",
                "Model", "Total", "Fully-connected", "First fully-connected");
        printModel(out, "NiN", nin.getBlock());
        printModel(out, "AlexNet", alexNet);
        printModel(out, "VGG-11", vgg);
    }

    private static void printModel(PrintWriter out, String name, Block block) {
        List<Linear> linear = ParameterCount.linearLayers(block);
        long fullyConnected = linear.stream().mapToLong(ParameterCount::of).sum();
        String first =
                linear.isEmpty() ? "none" : String.format("%,d", ParameterCount.of(linear.get(0)));
        out.printf("%-10s%,16d%,22d%26s%n", name, ParameterCount.of(block), fullyConnected, first);
    }
}
