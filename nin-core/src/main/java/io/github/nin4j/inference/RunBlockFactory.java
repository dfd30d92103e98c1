package io.github.nin4j.inference;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.compute.ComputeChoice;
import io.github.nin4j.engine.LayoutChoice;
import io.github.nin4j.precision.PrecisionChoice;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.TrainedModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * DJL's hook for building a model's block, for a run directory: the run's network in the layout
 * (and precision) the engine check finds right on this machine, with its last checkpoint's
 * parameters.
 *
 * <p>DJL's loader creates the {@link Model} and then asks this factory for its block; the network
 * is built into that model ({@link TrainedModel#load(RunDirectory, ComputeChoice, Model)}) and the
 * checkpoint that {@code checkpoint.json} names is read by DJL's {@code Model.load} after its
 * checksum and structure are checked, as for {@code nin evaluate}. Because the parameters are then
 * loaded, the loader must not look for a parameter file of its own: option {@code
 * hasParameter=false}, which a run's {@code serving.properties} and {@link RunModels#criteria} set.
 *
 * <p>Arguments (criteria arguments or {@code serving.properties}): {@value RunModels#LAYOUT} and
 * {@value RunModels#PRECISION}, a {@link LayoutChoice} and a {@link PrecisionChoice} or their names
 * (default {@code AUTO} and {@code FP32}, as {@code nin predict}).
 */
public final class RunBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    /** Creates the factory; DJL may also create it by name from {@code serving.properties}. */
    public RunBlockFactory() {}

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) {
        try {
            ComputeChoice choice =
                    new ComputeChoice(
                            model.getNDManager().getDevice(),
                            choice(arguments.get(RunModels.LAYOUT), LayoutChoice.AUTO),
                            choice(arguments.get(RunModels.PRECISION), PrecisionChoice.FP32));
            TrainedModel trained = TrainedModel.load(RunDirectory.open(modelPath), choice, model);
            model.setProperty(RunModels.ENGINE_CHECK, trained.engineCheck().summary());
            return trained.network().getBlock();
        } catch (RuntimeException e) {
            // DJL's loader does not close the model it created when its block cannot be made.
            model.close();
            throw e;
        }
    }

    private static <E extends Enum<E>> E choice(Object value, E otherwise) {
        Class<E> type = otherwise.getDeclaringClass();
        if (value == null) {
            return otherwise;
        }
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        String name = value.toString().trim().replace('-', '_').toUpperCase(Locale.ROOT);
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "unknown %s '%s'; use one of %s"
                            .formatted(
                                    type.getSimpleName(),
                                    value,
                                    Arrays.toString(type.getEnumConstants())),
                    e);
        }
    }
}
