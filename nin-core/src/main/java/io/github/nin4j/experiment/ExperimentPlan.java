package io.github.nin4j.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nin4j.base.AtomicFile;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An experiment written down so that each of its cells can be run by another process, on another
 * machine: the grid, the base network's blocks and the data's options, in {@code plan.json} of the
 * experiment's directory. A cluster's tasks run one cell each from it.
 *
 * @param grid the grid
 * @param blocks the base network's blocks as {@code C:K:S:P}; empty for the seed's
 * @param dataArguments the data options each cell is run with, e.g. {@code --data DIR}
 */
public record ExperimentPlan(ExperimentGrid grid, List<String> blocks, List<String> dataArguments) {

    /** The plan's file in the experiment's directory. */
    public static final String FILE = "plan.json";

    /** Copies the lists. */
    public ExperimentPlan {
        blocks = List.copyOf(blocks);
        dataArguments = List.copyOf(dataArguments);
    }

    /**
     * Writes {@code plan.json} into the experiment's directory, atomically.
     *
     * @param root the experiment's directory
     */
    public void write(Path root) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("grid", grid.toJson());
        blocks.forEach(node.putArray("blocks")::add);
        dataArguments.forEach(node.putArray("data")::add);
        AtomicFile.writeJson(root.resolve(FILE), node);
    }

    /**
     * Whether an experiment's directory holds a plan.
     *
     * @param root the directory
     * @return true when {@code plan.json} exists
     */
    public static boolean exists(Path root) {
        return Files.isRegularFile(root.resolve(FILE));
    }

    /**
     * Reads the plan of an experiment's directory.
     *
     * @param root the directory
     * @return the plan
     * @throws InvalidInputException naming the file when it is missing or malformed
     */
    public static ExperimentPlan read(Path root) {
        Path file = root.resolve(FILE);
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(
                    ("experiment directory %s holds no %s; give a directory that `nin experiment"
                                    + " --slurm` wrote")
                            .formatted(root, FILE));
        } catch (IOException e) {
            throw new InvalidInputException(
                    "cannot read " + file + ": " + Reasons.of(e) + "; submit the grid again", e);
        }
        if (node == null || !node.isObject() || !node.path("grid").isObject()) {
            throw new InvalidInputException(
                    file + " holds no grid; submit the grid again into a new directory");
        }
        return new ExperimentPlan(
                ExperimentGrid.of(node.get("grid"), file),
                strings(node.path("blocks"), file, "blocks"),
                strings(node.path("data"), file, "data"));
    }

    private static List<String> strings(JsonNode node, Path file, String key) {
        List<String> values = new ArrayList<>();
        if (node.isMissingNode()) {
            return values;
        }
        if (!node.isArray()) {
            throw new InvalidInputException(file + ": " + key + " must be a list of strings");
        }
        for (JsonNode value : node) {
            if (!value.isTextual()) {
                throw new InvalidInputException(
                        file + ": " + key + " must hold strings, got " + value);
            }
            values.add(value.textValue());
        }
        return values;
    }
}
