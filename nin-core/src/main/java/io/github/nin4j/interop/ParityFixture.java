package io.github.nin4j.interop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinBlockFactory;
import io.github.nin4j.model.NinNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What PyTorch computed for the seed's network, as {@code generators/make_parity_fixture.py} writes
 * it into a directory: {@code fixture.json} (the architecture, the learning rate, the versions),
 * {@code weights.npz} (the initial state_dict), {@code batch.npz} ({@code input}, {@code labels},
 * and the evaluation-mode {@code logits} and mean cross-entropy {@code loss} for them) and {@code
 * after_step.npz} (the state_dict after one plain SGD step on that loss, dropout off).
 *
 * @param architecture the network PyTorch built
 * @param learningRate the SGD step's learning rate
 * @param torchVersion the PyTorch that computed the fixture, for reports
 * @param weights the initial parameters by state_dict key
 * @param input the input batch (N, C, H, W)
 * @param labels the class of each input (N), int64
 * @param logits PyTorch's output in evaluation mode (N, classes)
 * @param loss PyTorch's mean cross-entropy, a scalar
 * @param weightsAfterStep the parameters after one SGD step, by state_dict key
 */
public record ParityFixture(
        NinArchitecture architecture,
        double learningRate,
        String torchVersion,
        Map<String, NDArray> weights,
        NDArray input,
        NDArray labels,
        NDArray logits,
        NDArray loss,
        Map<String, NDArray> weightsAfterStep) {

    /**
     * Reads a fixture directory, checking that every file holds what it should.
     *
     * @param directory the directory the script wrote
     * @param manager the manager that will own the arrays
     * @return the fixture
     * @throws InvalidInputException naming the file and what is missing or wrong in it
     */
    public static ParityFixture read(Path directory, NDManager manager) {
        Path json = directory.resolve("fixture.json");
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json.toFile());
        } catch (JsonProcessingException e) {
            // Jackson's own message runs over several lines.
            throw new InvalidInputException(
                    "%s is not valid JSON: %s at line %s"
                            .formatted(json, e.getOriginalMessage(), e.getLocation().getLineNr()),
                    e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + json + ": " + Reasons.of(e), e);
        }
        NinArchitecture architecture = architecture(json, root);
        TorchStateDict layout = TorchStateDict.of(architecture);
        Map<String, NDArray> batch = NpzFile.of(directory.resolve("batch.npz")).read(manager);
        List<String> missing =
                Stream.of("input", "labels", "logits", "loss")
                        .filter(name -> !batch.containsKey(name))
                        .toList();
        if (!missing.isEmpty()) {
            throw new InvalidInputException(
                    directory.resolve("batch.npz") + " lacks " + String.join(", ", missing));
        }
        return new ParityFixture(
                architecture,
                number(json, root, "learning_rate").asDouble(),
                root.path("torch").asText("unknown"),
                stateDict(directory.resolve("weights.npz"), layout, manager),
                batch.get("input"),
                batch.get("labels"),
                batch.get("logits"),
                batch.get("loss"),
                stateDict(directory.resolve("after_step.npz"), layout, manager));
    }

    /**
     * Builds our network for the fixture's architecture and input, with the fixture's initial
     * weights.
     *
     * @param manager the manager that will own the parameters
     * @param blocks makes the NiN blocks: how they compute (a {@code ComputePlan}'s blocks)
     * @return the network, ready for a forward pass
     */
    public NinNetwork newNetwork(NDManager manager, NinBlockFactory blocks) {
        NinNetwork network = architecture.newNetwork(blocks);
        network.initialize(manager, input.getShape());
        TorchStateDict.of(architecture).load(network, weights);
        return network;
    }

    private static NinArchitecture architecture(Path json, JsonNode root) {
        JsonNode node = root.path("architecture");
        List<BlockSpec> blocks = new ArrayList<>();
        for (JsonNode block : node.path("blocks")) {
            blocks.add(BlockSpec.parse(block.asText()));
        }
        if (blocks.isEmpty()) {
            throw new InvalidInputException(json + " has no architecture.blocks");
        }
        return NinArchitecture.builder()
                .optInputChannels(number(json, node, "input_channels").asInt())
                .optBlocks(blocks)
                .optDropout(number(json, node, "dropout").asDouble())
                .build();
    }

    private static JsonNode number(Path json, JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        if (!node.isNumber()) {
            throw new InvalidInputException(json + " has no number '" + field + "'");
        }
        return node;
    }

    private static Map<String, NDArray> stateDict(
            Path file, TorchStateDict layout, NDManager manager) {
        Map<String, NDArray> arrays = NpzFile.of(file).read(manager);
        try {
            layout.check(TorchStateDict.shapesOf(arrays));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + Reasons.of(e), e);
        }
        return arrays;
    }
}
