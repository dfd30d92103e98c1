package io.github.nin4j.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import io.github.nin4j.InvalidInputException;
import io.github.nin4j.interop.TorchStateDict;
import io.github.nin4j.machine.Environment;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.LayerKind;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinNetwork;
import io.github.nin4j.model.TorchInitialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Checks that the engine computes a network right on this machine: in float32 through the normal
 * path (the kernels training uses) against float64 on the same weights and batch. libtorch runs
 * float64 convolutions with its own im2col and BLAS code, never oneDNN, so the reference does not
 * go through the kernels under suspicion.
 *
 * <p>Two comparisons, both as relative L2 errors ‖float32 − float64‖ / ‖float64‖:
 *
 * <ul>
 *   <li>each convolution alone at its input shape in the network: output, input gradient, weight
 *       and bias gradients, against {@link #CONVOLUTION_TOLERANCE};
 *   <li>the whole network (dropout off): logits, loss and every parameter's gradient, against
 *       {@link #NETWORK_TOLERANCE}.
 * </ul>
 *
 * <p>With {@link LayoutChoice#AUTO} the convolutions are tried in NCHW first and, when that is
 * wrong, in channels-last (see {@link ConvolutionLayout}); the first layout found right is the one
 * to use. Weights, batches and output gradients come from a {@link Random} of the check's own seed,
 * so the check is repeatable. Building its networks still runs DJL's initialisers, which draw from
 * the engine's generator: callers seed the engine after the check, as {@code TrainingLoop} does.
 */
public final class EngineCheck {

    /**
     * The largest relative L2 error accepted for a convolution alone. Right kernels measured 5e-8
     * to 1.6e-6 over every convolution of the seed's network (96 and 224 pixels) and of the test
     * fixture; the Zen 5 fault measured 0.16 to 0.49, or NaN.
     */
    public static final double CONVOLUTION_TOLERANCE = 1e-4;

    /**
     * The largest relative L2 error accepted for the whole network's results. Far looser than a
     * convolution's: a ReLU input or a max-pooling pair within float32 rounding of a tie decides
     * differently in float32 and float64, and the gradient then flows through another unit. On the
     * seed's network at 224 pixels, right kernels measured 1.1e-6 to 1.1e-2 over 8 seeds (the
     * largest in the first convolution's weight gradient); the Zen 5 fault 0.26 to 0.72, or NaN. A
     * fault shows on any batch and a near-tie does not repeat, so a second batch decides when the
     * first misses.
     */
    public static final double NETWORK_TOLERANCE = 5e-2;

    private final NinArchitecture architecture;
    private final int side;
    private final int batchSize;
    private final LayoutChoice choice;
    private final Device device;
    private final long seed;
    private final UnaryOperator<Block> float32Wrapper;

    private EngineCheck(Builder builder) {
        this.architecture = builder.architecture;
        this.side = builder.side;
        this.batchSize = builder.batchSize;
        this.choice = builder.choice;
        this.device = builder.device;
        this.seed = builder.seed;
        this.float32Wrapper = builder.float32Wrapper;
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
     * Runs the check.
     *
     * @return what it found
     */
    public EngineVerdict run() {
        return NativeStderr.silenced(this::runQuietly);
    }

    private EngineVerdict runQuietly() {
        long start = System.nanoTime();
        List<LayoutTrial> trials = new ArrayList<>();
        ConvolutionLayout chosen = null;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            for (ConvolutionLayout layout : choice.candidates()) {
                LayoutTrial trial = trial(manager, layout);
                trials.add(trial);
                if (trial.right()) {
                    chosen = layout;
                    break;
                }
            }
        }
        EngineVerdict.Status status =
                chosen == null
                        ? EngineVerdict.Status.WRONG
                        : chosen == choice.candidates().get(0)
                                ? EngineVerdict.Status.RIGHT
                                : EngineVerdict.Status.RIGHT_AFTER_WORKAROUND;
        Engine engine = Engine.getInstance();
        return new EngineVerdict(
                status,
                choice,
                chosen,
                Environment.processor(),
                engine.getEngineName() + " " + engine.getVersion(),
                batchSize + "x" + architecture.inputChannels() + "x" + side + "x" + side,
                CONVOLUTION_TOLERANCE,
                NETWORK_TOLERANCE,
                List.copyOf(trials),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Runs the check and gives the network the layout found right.
     *
     * @param network a network of this check's architecture
     * @return what the check found
     * @throws EngineFaultException when no layout is right
     */
    public EngineVerdict applyTo(NinNetwork network) {
        if (!network.getArchitecture().equals(architecture)) {
            throw new IllegalArgumentException("the network is not of the checked architecture");
        }
        EngineVerdict verdict = run();
        if (!verdict.right()) {
            throw new EngineFaultException(verdict);
        }
        network.setConvolutionLayout(verdict.layout());
        return verdict;
    }

    private LayoutTrial trial(NDManager parent, ConvolutionLayout layout) {
        Random random = new Random(seed);
        List<ConvolutionTrial> convolutions = new ArrayList<>();
        for (ConvolutionProbe probe : probes()) {
            try (NDManager manager = parent.newSubManager()) {
                convolutions.add(probe.run(manager, layout, random, float32Wrapper));
            }
        }
        NetworkTrial network = network(parent, layout, random);
        // A ReLU input or pooling pair within rounding of a tie can push one batch past the
        // network's tolerance on right kernels; a fault shows on any batch, so a second one
        // decides.
        if (!network.within(NETWORK_TOLERANCE)) {
            network = network(parent, layout, random);
        }
        boolean right =
                network.within(NETWORK_TOLERANCE)
                        && convolutions.stream().allMatch(c -> c.within(CONVOLUTION_TOLERANCE));
        return new LayoutTrial(layout, List.copyOf(convolutions), network, right);
    }

    /** Every convolution of the network at its input shape there, then the known triggers. */
    private List<ConvolutionProbe> probes() {
        List<ConvolutionProbe> probes = new ArrayList<>();
        List<LayerKind> kinds = architecture.layerKinds();
        int[] sides = architecture.outputSides(side);
        int current = side;
        int channels = architecture.inputChannels();
        int block = 0;
        for (int i = 0; i < kinds.size(); i++) {
            if (kinds.get(i) == LayerKind.NIN_BLOCK) {
                BlockSpec spec = architecture.blocks().get(block++);
                int width = spec.channels();
                String name = "block " + block + ", conv ";
                probes.add(
                        new ConvolutionProbe(
                                name
                                        + String.format(
                                                "1 (%dx%d, %d->%d)",
                                                spec.kernel(), spec.kernel(), channels, width),
                                channels,
                                width,
                                spec.kernel(),
                                spec.stride(),
                                spec.padding(),
                                current,
                                batchSize,
                                !probes.isEmpty()));
                for (int j = 2; j <= architecture.pointwise() + 1; j++) {
                    probes.add(
                            new ConvolutionProbe(
                                    name + j + String.format(" (1x1, %d->%d)", width, width),
                                    width,
                                    width,
                                    1,
                                    1,
                                    0,
                                    sides[i],
                                    batchSize,
                                    true));
                }
                channels = width;
            }
            current = sides[i];
        }
        probes.addAll(ConvolutionProbe.knownTriggers());
        return probes;
    }

    /** The whole network with dropout off: float32 in the layout against float64. */
    private NetworkTrial network(NDManager parent, ConvolutionLayout layout, Random random) {
        try (NDManager manager = parent.newSubManager()) {
            Shape input = new Shape(batchSize, architecture.inputChannels(), side, side);
            NinNetwork ours = architecture.newNetwork();
            ours.initialize(manager, input);
            ours.setConvolutionLayout(layout);
            NinNetwork reference = architecture.newNetwork();
            reference.getBlock().initialize(manager, DataType.FLOAT64, input);
            TorchStateDict stateDict = TorchStateDict.of(architecture);
            Map<String, NDArray> ourParameters = stateDict.toStateDict(ours);
            Map<String, NDArray> referenceParameters = stateDict.toStateDict(reference);
            for (String key : ourParameters.keySet()) {
                if (key.endsWith(".weight")) {
                    Shape weight = ourParameters.get(key).getShape();
                    long fanIn = weight.size() / weight.get(0);
                    long fanOut = weight.size() / weight.get(1);
                    RandomValues.copy(
                            ourParameters.get(key),
                            referenceParameters.get(key),
                            TorchInitialization.xavierBound(fanIn, fanOut),
                            random);
                    String bias = key.replace(".weight", ".bias");
                    RandomValues.copy(
                            ourParameters.get(bias),
                            referenceParameters.get(bias),
                            TorchInitialization.biasBound(fanIn),
                            random);
                }
            }
            NDArray x = RandomValues.uniform(manager, input, 0, 1, random);
            float[] labels = new float[batchSize];
            for (int i = 0; i < batchSize; i++) {
                labels[i] = random.nextInt(architecture.classes());
            }
            NDArray y = manager.create(labels);
            NDList ourResults =
                    networkResults(manager, float32Wrapper.apply(ours.getBlock()), x, y);
            NDList referenceResults =
                    networkResults(
                            manager, reference.getBlock(), x.toType(DataType.FLOAT64, false), y);
            Map<String, Double> gradients = new LinkedHashMap<>();
            for (String key : ourParameters.keySet()) {
                gradients.put(
                        key,
                        RandomValues.relativeError(
                                ourParameters.get(key).getGradient(),
                                referenceParameters.get(key).getGradient()));
            }
            return new NetworkTrial(
                    RandomValues.relativeError(ourResults.get(0), referenceResults.get(0)),
                    RandomValues.relativeError(ourResults.get(1), referenceResults.get(1)),
                    gradients);
        }
    }

    /** Logits and loss, with the parameters' gradients left in place. */
    private static NDList networkResults(NDManager manager, Block block, NDArray x, NDArray y) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits =
                    block.forward(new ParameterStore(manager, false), new NDList(x), false)
                            .singletonOrThrow();
            NDArray loss =
                    Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(logits));
            collector.backward(loss);
            return new NDList(logits, loss);
        }
    }

    /** Builds an {@link EngineCheck}; the architecture and input side are required. */
    public static final class Builder {
        private NinArchitecture architecture;
        private int side;
        private int batchSize = 2;
        private LayoutChoice choice = LayoutChoice.AUTO;
        private Device device = Device.cpu();
        private long seed = 1;
        private UnaryOperator<Block> float32Wrapper = UnaryOperator.identity();

        private Builder() {}

        /**
         * Sets the network to check.
         *
         * @param architecture the architecture
         * @return this builder
         */
        public Builder setArchitecture(NinArchitecture architecture) {
            this.architecture = architecture;
            return this;
        }

        /**
         * Sets the input's height and width, the run's.
         *
         * @param side pixels
         * @return this builder
         */
        public Builder setInputSide(int side) {
            this.side = side;
            return this;
        }

        /**
         * Sets the batch checked (default 2: a batch of 1 hides the fault).
         *
         * @param batchSize at least 2
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets how the layout is chosen (default {@link LayoutChoice#AUTO}).
         *
         * @param choice the choice
         * @return this builder
         */
        public Builder optLayoutChoice(LayoutChoice choice) {
            this.choice = choice;
            return this;
        }

        /**
         * Sets the device checked (default CPU).
         *
         * @param device the run's device
         * @return this builder
         */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /**
         * Sets the seed of the weights and batch checked (default 1).
         *
         * @param seed any value
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Wraps the float32 side of every comparison, the network and each convolution, in a block
         * of the caller's: a test injects a fault this way, to show the check catches it.
         *
         * @param wrapper returns a block computing through the given one
         * @return this builder
         */
        Builder optFloat32Wrapper(UnaryOperator<Block> wrapper) {
            this.float32Wrapper = wrapper;
            return this;
        }

        /**
         * Builds the check.
         *
         * @return the check
         * @throws InvalidInputException if the batch is below 2 or the input does not fit
         */
        public EngineCheck build() {
            if (architecture == null || choice == null || device == null) {
                throw new IllegalStateException(
                        "architecture, layout choice and device are" + " required");
            }
            if (batchSize < 2) {
                throw new InvalidInputException(
                        "the engine check needs a batch of at least 2,"
                                + " got "
                                + batchSize
                                + " (a batch of 1 runs other kernels)");
            }
            architecture.checkInput(architecture.inputChannels(), side, side);
            return new EngineCheck(this);
        }
    }
}
