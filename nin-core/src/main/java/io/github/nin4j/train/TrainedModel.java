package io.github.nin4j.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nin4j.compute.ComputeChoice;
import io.github.nin4j.compute.ComputePlan;
import io.github.nin4j.compute.NinModel;
import io.github.nin4j.engine.EngineFaultException;
import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinNetwork;

/**
 * A run's trained network, loaded from its last checkpoint, for evaluation and prediction. Closing
 * it frees the parameters.
 *
 * <p>Loading with a {@link ComputeChoice} first checks the engine at the run's input size (see
 * {@code io.github.nin4j.engine.EngineCheck}) and builds the network in the layout and precision
 * found right; loading with a {@link ComputePlan} takes the plan as given (export, which computes
 * nothing, loads with an unchecked one).
 */
public final class TrainedModel implements AutoCloseable {

    private final NinModel nin;
    private final Manifest manifest;

    private TrainedModel(NinModel nin, Manifest manifest) {
        this.nin = nin;
        this.manifest = manifest;
    }

    /**
     * Loads the network of a run directory with the default choice on a device: the layout the
     * engine check finds right, float32.
     *
     * @param run the run directory
     * @param device where to compute
     * @return the trained model
     * @throws io.github.nin4j.base.InvalidInputException if the directory is incomplete or damaged
     * @throws EngineFaultException when the engine computes the network wrong in every layout
     */
    public static TrainedModel load(RunDirectory run, Device device) {
        return load(run, ComputeChoice.defaults().withDevice(device));
    }

    /**
     * Checks the engine at the run's input size, then loads the run's network as the check decided.
     * The parameters are float32 whatever the precision they were trained in.
     *
     * @param run the run directory
     * @param choice the device, and how the layout and precision are chosen
     * @return the trained model
     * @throws io.github.nin4j.base.InvalidInputException if the directory is incomplete or damaged
     * @throws EngineFaultException when the engine computes the network wrong in every layout
     */
    public static TrainedModel load(RunDirectory run, ComputeChoice choice) {
        return load(run, choice, null);
    }

    /**
     * As {@link #load(RunDirectory, ComputeChoice)}, into the model DJL's loader made for a block
     * factory.
     *
     * @param run the run directory
     * @param choice the device, and how the layout and precision are chosen
     * @param model an empty PyTorch model on the choice's device; null for a new one
     * @return the trained model
     * @throws io.github.nin4j.base.InvalidInputException if the directory is incomplete or damaged
     * @throws EngineFaultException when the engine computes the network wrong in every layout
     */
    public static TrainedModel load(RunDirectory run, ComputeChoice choice, Model model) {
        Manifest manifest = run.readManifest();
        TrainingConfig config = manifest.config();
        return load(run, manifest, choice.plan(config.architecture(), config.resize()), model);
    }

    /**
     * Loads the run's network computing as planned, without a check of its own.
     *
     * @param run the run directory
     * @param plan how to compute, e.g. {@link ComputePlan#unchecked} to read the parameters only
     * @return the trained model
     * @throws io.github.nin4j.base.InvalidInputException if the directory is incomplete or damaged
     */
    public static TrainedModel load(RunDirectory run, ComputePlan plan) {
        return load(run, run.readManifest(), plan, null);
    }

    private static TrainedModel load(
            RunDirectory run, Manifest manifest, ComputePlan plan, Model model) {
        TrainingConfig config = manifest.config();
        NinModel.Builder builder =
                builder(config.architecture(), config.resize(), plan)
                        .optParameters(run.checkpointParameters());
        if (model != null) {
            builder.optModel(model);
        }
        return new TrainedModel(builder.build(), manifest);
    }

    /** A builder of the network for square inputs of a side, as runs train, probe and load it. */
    static NinModel.Builder builder(NinArchitecture architecture, int side, ComputePlan plan) {
        return NinModel.builder()
                .setArchitecture(architecture)
                .setInputShape(new Shape(1, architecture.inputChannels(), side, side))
                .setPlan(plan);
    }

    /**
     * The configuration the network was trained with.
     *
     * @return the training configuration
     */
    public TrainingConfig config() {
        return manifest.config();
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
        return nin.network();
    }

    /**
     * The runnable network: its DJL {@code Model}, block and plan.
     *
     * @return the model
     */
    public NinModel nin() {
        return nin;
    }

    /**
     * The manager that owns the parameters, for creating inputs.
     *
     * @return the model's manager
     */
    public NDManager manager() {
        return nin.manager();
    }

    /**
     * What the engine check found when the model was loaded.
     *
     * @return the verdict; null when the model was loaded with an unchecked plan
     */
    public EngineVerdict engineCheck() {
        return nin.plan().verdict();
    }

    /**
     * Computes logits in evaluation mode (dropout off, no gradient).
     *
     * @param images a batch of shape (N, C, resize, resize)
     * @return logits of shape (N, classes)
     */
    public NDArray logits(NDList images) {
        return nin.logits(images);
    }

    @Override
    public void close() {
        nin.close();
    }
}
