package io.github.nin4j.inference;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.compute.ComputeChoice;
import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.engine.LayoutChoice;
import io.github.nin4j.precision.PrecisionChoice;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.TrainedModel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * DJL's hook for building a model's block, for a run directory: the run's network with its last
 * checkpoint's parameters, after the engine check has chosen the layout (and precision) that
 * computes it right on this machine.
 *
 * <p>DJL's loader creates the {@link Model} and then asks this factory for its block; the block
 * comes from {@link TrainedModel#load}, which also checks the run directory, so the checkpoint is
 * verified as for {@code nin evaluate}. The trained model is closed with DJL's model (it is
 * attached to the model's manager). Because the parameters are already loaded, the criteria must
 * tell DJL's engine not to look for a parameter file of its own: option {@code hasParameter=false},
 * which {@link RunModels#criteria} sets.
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
        LayoutChoice layout =
                choice(arguments.get(RunModels.LAYOUT), LayoutChoice.class, LayoutChoice.AUTO);
        PrecisionChoice precision =
                choice(
                        arguments.get(RunModels.PRECISION),
                        PrecisionChoice.class,
                        PrecisionChoice.FP32);
        TrainedModel trained = null;
        try {
            RunDirectory run = RunDirectory.open(modelPath);
            // Loading checks the engine first and builds the block in the layout and precision
            // found right, so the predictor computes with a checked block from the first image.
            trained =
                    TrainedModel.load(
                            run,
                            new ComputeChoice(model.getNDManager().getDevice(), layout, precision));
            EngineVerdict verdict = trained.engineCheck();
            model.setProperty(RunModels.ENGINE_CHECK, verdict.summary());
            model.getNDManager().attachInternal(UUID.randomUUID().toString(), trained);
            return trained.network().getBlock();
        } catch (RuntimeException e) {
            if (trained != null) {
                trained.close();
            }
            // DJL's loader does not close the model it created when its block cannot be made.
            model.close();
            throw e;
        }
    }

    private static <E extends Enum<E>> E choice(Object value, Class<E> type, E otherwise) {
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
                    "unknown "
                            + type.getSimpleName()
                            + " '"
                            + value
                            + "'; use one of "
                            + java.util.Arrays.toString(type.getEnumConstants()),
                    e);
        }
    }
}
