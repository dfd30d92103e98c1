package io.github.nin4j.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.nin4j.engine.EngineCheck;
import io.github.nin4j.engine.EngineFaultException;
import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.engine.LayoutChoice;
import io.github.nin4j.model.NinNetwork;
import io.github.nin4j.precision.PrecisionChoice;

/**
 * A run's trained network, loaded from its last checkpoint, for evaluation and prediction. Closing
 * it frees the parameters.
 *
 * <p>Before the first computation the engine is checked at the run's input size (see {@link
 * EngineCheck}) and the network given the layout found right; loading alone, for export, computes
 * nothing and checks nothing.
 */
public final class TrainedModel implements AutoCloseable {

    private final Model model;
    private final NinNetwork network;
    private final Manifest manifest;
    private final TrainingConfig config;
    private final ParameterStore parameters;
    private final LayoutChoice layoutChoice;
    private final PrecisionChoice precisionChoice;
    private EngineVerdict engineCheck;

    private TrainedModel(
            Model model,
            NinNetwork network,
            Manifest manifest,
            LayoutChoice layoutChoice,
            PrecisionChoice precisionChoice) {
        this.model = model;
        this.network = network;
        this.manifest = manifest;
        this.config = manifest.config();
        this.layoutChoice = layoutChoice;
        this.precisionChoice = precisionChoice;
        this.parameters = new ParameterStore(model.getNDManager(), false);
    }

    /**
     * Loads the network of a run directory.
     *
     * @param run the run directory
     * @param device where to compute
     * @return the trained model
     * @throws io.github.nin4j.base.InvalidInputException if the directory is incomplete or damaged
     */
    public static TrainedModel load(RunDirectory run, Device device) {
        return load(run, device, LayoutChoice.AUTO, PrecisionChoice.FP32);
    }

    /**
     * Loads the network of a run directory, choosing the convolutions' layout and the NiN blocks'
     * precision as given. The parameters are float32 whatever the precision they were trained in.
     *
     * @param run the run directory
     * @param device where to compute
     * @param layoutChoice how the engine check chooses the layout
     * @param precisionChoice how the engine check chooses the precision
     * @return the trained model
     * @throws io.github.nin4j.base.InvalidInputException if the directory is incomplete or damaged
     */
    public static TrainedModel load(
            RunDirectory run,
            Device device,
            LayoutChoice layoutChoice,
            PrecisionChoice precisionChoice) {
        Manifest manifest = run.readManifest();
        TrainingConfig config = manifest.config();
        Model model = Model.newInstance("nin", device, "PyTorch");
        try {
            NinNetwork network = config.architecture().newNetwork();
            model.setBlock(network.getBlock());
            int channels = config.architecture().inputChannels();
            network.initialize(
                    model.getNDManager(), new Shape(1, channels, config.resize(), config.resize()));
            run.loadParameters(model.getBlock(), model.getNDManager());
            return new TrainedModel(model, network, manifest, layoutChoice, precisionChoice);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * The configuration the network was trained with.
     *
     * @return the training configuration
     */
    public TrainingConfig config() {
        return config;
    }

    /**
     * The run's manifest: its data, class names and history of events.
     *
     * @return the manifest
     */
    public Manifest manifest() {
        return manifest;
    }

    /**
     * The network, with the checkpoint's parameters.
     *
     * @return the network
     */
    public NinNetwork network() {
        return network;
    }

    /**
     * The manager that owns the parameters, for creating inputs.
     *
     * @return the model's manager
     */
    public NDManager manager() {
        return model.getNDManager();
    }

    /**
     * Runs the engine check, once, and gives the network the precision and layout found right.
     *
     * @return what the check found
     * @throws EngineFaultException when the engine computes the network wrong in every layout
     */
    public EngineVerdict engineCheck() {
        if (engineCheck == null) {
            engineCheck =
                    EngineCheck.builder()
                            .setArchitecture(config.architecture())
                            .setInputSide(config.resize())
                            .optLayoutChoice(layoutChoice)
                            .optPrecisionChoice(precisionChoice)
                            .optDevice(model.getNDManager().getDevice())
                            .build()
                            .applyTo(network);
        }
        return engineCheck;
    }

    /**
     * Computes logits in evaluation mode (dropout off, no gradient), after the {@linkplain
     * #engineCheck() engine check}.
     *
     * @param images a batch of shape (N, C, resize, resize)
     * @return logits of shape (N, classes)
     */
    public NDArray logits(NDList images) {
        engineCheck();
        return model.getBlock().forward(parameters, images, false).singletonOrThrow();
    }

    @Override
    public void close() {
        model.close();
    }
}
