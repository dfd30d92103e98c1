package io.github.nin4j.compute;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinNetwork;
import io.github.nin4j.torch.TorchEngineAdapter;

/**
 * A runnable NiN: a DJL {@link Model} holding a network built, initialised and, if asked, loaded
 * from an architecture, an input shape and a {@link ComputePlan}. This is the one place the project
 * makes a {@code Model} (DJL's loader makes the one it fills with a run's network); training,
 * evaluation, prediction, the benchmark, import and the memory probe all get theirs here. Closing
 * it frees the parameters.
 *
 * <pre>{@code
 * ComputePlan plan = ComputeChoice.defaults().plan(architecture, 224);
 * try (NinModel nin = NinModel.builder()
 *         .setArchitecture(architecture)
 *         .setInputShape(new Shape(1, 1, 224, 224))
 *         .setPlan(plan)
 *         .optSeed(1)
 *         .build()) {
 *     NDArray logits = nin.logits(new NDList(images));
 * }
 * }</pre>
 */
public final class NinModel implements AutoCloseable {

    private final Model model;
    private final NinNetwork network;
    private final ComputePlan plan;
    private final Shape inputShape;

    private NinModel(Model model, NinNetwork network, ComputePlan plan, Shape inputShape) {
        this.model = model;
        this.network = network;
        this.plan = plan;
        this.inputShape = inputShape;
    }

    /**
     * Starts a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The DJL model, for a {@code Trainer} ({@code model().newTrainer(config)}) or a {@code
     * Predictor}.
     *
     * @return the model
     */
    public Model model() {
        return model;
    }

    /**
     * The network and its layers.
     *
     * @return the network
     */
    public NinNetwork network() {
        return network;
    }

    /**
     * The network's block, as the model holds it.
     *
     * @return the block
     */
    public Block block() {
        return model.getBlock();
    }

    /**
     * How the network computes.
     *
     * @return the plan it was built with
     */
    public ComputePlan plan() {
        return plan;
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
     * Computes logits in evaluation mode: dropout off, no gradient recorded unless a collector is
     * open.
     *
     * @param images a batch of shape (N, C, H, W)
     * @return logits of shape (N, classes)
     */
    public NDArray logits(NDList images) {
        return model.getBlock()
                .forward(new ParameterStore(model.getNDManager(), false), images, false)
                .singletonOrThrow();
    }

    /**
     * Advances the engine's random generator as one training step on a batch of this many images
     * advances it, computing nothing: the network's dropouts draw their masks, through the code its
     * forward pass runs, on zeros of the shapes they would see (see {@link
     * NinNetwork#drawAsTraining}). An epoch resumed after some batches, its generator reseeded as
     * at the epoch's start, calls this once per batch already trained, and its later batches then
     * draw the masks an uninterrupted epoch's draw.
     *
     * @param images the batch's images
     */
    public void drawAsTraining(int images) {
        network.drawAsTraining(
                model.getNDManager(),
                new Shape(images, inputShape.get(1), inputShape.get(2), inputShape.get(3)));
    }

    @Override
    public void close() {
        model.close();
    }

    /** Builds a {@link NinModel}: architecture, input shape and plan are required. */
    public static final class Builder {
        private NinArchitecture architecture;
        private Shape inputShape;
        private ComputePlan plan;
        private Integer seed;
        private ParameterSource parameters;
        private String name = "nin";
        private Model into;

        private Builder() {}

        /**
         * Sets the network to build.
         *
         * @param architecture the architecture
         * @return this builder
         */
        public Builder setArchitecture(NinArchitecture architecture) {
            this.architecture = architecture;
            return this;
        }

        /**
         * Sets the shape the parameters are initialised for; the input must fit the network.
         *
         * @param inputShape (N, C, H, W)
         * @return this builder
         */
        public Builder setInputShape(Shape inputShape) {
            this.inputShape = inputShape;
            return this;
        }

        /**
         * Sets how the network computes.
         *
         * @param plan from {@link ComputeChoice#plan}, or {@link ComputePlan#unchecked}
         * @return this builder
         */
        public Builder setPlan(ComputePlan plan) {
            this.plan = plan;
            return this;
        }

        /**
         * Seeds the engine's random generator just before the parameters are initialised, so that
         * the initialisation is a function of the seed (default: not reseeded).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(int seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Loads trained parameters after initialising (default: none, the initial values stay).
         *
         * @param parameters where they come from, e.g. {@code run::loadParameters}
         * @return this builder
         */
        public Builder optParameters(ParameterSource parameters) {
            this.parameters = parameters;
            return this;
        }

        /**
         * Sets the DJL model's name (default {@code nin}, the prefix of its parameter files).
         *
         * @param name the name
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Builds into a model made elsewhere: DJL's loader's, for a {@code BlockFactory} (default:
         * a new one). It is closed if the build fails.
         *
         * @param model an empty PyTorch model on the plan's device
         * @return this builder
         */
        public Builder optModel(Model model) {
            this.into = model;
            return this;
        }

        /**
         * Builds the network in the plan's layout and precision, initialises it for the input
         * shape, and loads the parameters if a source was given.
         *
         * @return the runnable network; close it
         * @throws io.github.nin4j.base.InvalidInputException if the input does not fit, or the
         *     loaded parameters hold NaN or infinite values ({@link FiniteParameters})
         */
        public NinModel build() {
            if (architecture == null || inputShape == null || plan == null || name == null) {
                throw new IllegalStateException("architecture, input shape and plan are required");
            }
            TorchEngineAdapter.prepareThread();
            NinNetwork network = architecture.newNetwork(plan.blocks());
            Model model = into != null ? into : TorchEngineAdapter.newModel(name, plan.device());
            try {
                model.setBlock(network.getBlock());
                if (seed != null) {
                    Engine.getInstance().setRandomSeed(seed);
                }
                network.initialize(model.getNDManager(), inputShape);
                // Loaded before any trainer exists: DJL's Trainer caches the parameter arrays in
                // its ParameterStore, and a later load would replace arrays it no longer reads.
                if (parameters != null) {
                    parameters.loadInto(model);
                    FiniteParameters.require(
                            network, parameters.description(), parameters.remedy());
                }
                return new NinModel(model, network, plan, inputShape);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        }
    }
}
