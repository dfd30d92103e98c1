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
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.interop.TorchStateDict;
import io.github.nin4j.machine.Environment;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.LayerKind;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinNetwork;
import io.github.nin4j.model.TorchInitialization;
import io.github.nin4j.precision.Precision;
import io.github.nin4j.precision.PrecisionChoice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Checks that the engine computes a network right on this machine: in float32 through the normal
 * path (the kernels training uses), or in bf16 through {@link
 * io.github.nin4j.precision.Bf16BlockOperation}, against float64 on the same weights and batch.
 * libtorch runs float64 convolutions with its own im2col and BLAS code, never oneDNN, so the
 * reference does not go through the kernels under suspicion.
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
 * <p>In bf16 the unit checked alone is a NiN block (see {@link BlockProbe}), and the tolerances are
 * bf16's: {@link #BF16_BLOCK_TOLERANCE}, {@link #BF16_NETWORK_TOLERANCE} for logits and loss,
 * {@link #BF16_GRADIENT_TOLERANCE} for the network's gradients.
 *
 * <p>With {@link PrecisionChoice#AUTO} on a processor with bf16 instructions, bf16 is tried first
 * and float32 when bf16 is wrong. With {@link LayoutChoice#AUTO} float32 convolutions are tried in
 * NCHW first and, when that is wrong, in channels-last (see {@link ConvolutionLayout}); the first
 * precision and layout found right are the ones to use. Weights, batches and output gradients come
 * from a {@link Random} of the check's own seed, so the check is repeatable. Building its networks
 * still runs DJL's initialisers, which draw from the engine's generator: callers seed the engine
 * after the check, as {@code TrainingLoop} does.
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

    /**
     * The largest relative L2 error accepted for a NiN block alone in bf16 (see {@link BlockProbe}
     * for how it is computed). bf16 keeps 8 significant bits, a relative rounding of up to 3.9e-3
     * per value. Right kernels measured 2.2e-3 to 8.6e-3 over every block of the seed's network at
     * 96 and 224 pixels, seeds 1 to 6, on Zen 5; a 10% wrong gradient (the test's injected fault)
     * is 0.1, and the float32 Zen 5 fault was 0.16 to 0.49.
     */
    public static final double BF16_BLOCK_TOLERANCE = 3e-2;

    /**
     * The largest relative L2 error accepted for the whole network's logits and loss in bf16. Right
     * kernels measured 1.5e-3 to 1.1e-2 for the logits and at most 4e-4 for the loss (seed's
     * network, 96 and 224 pixels, seeds 1 to 6).
     */
    public static final double BF16_NETWORK_TOLERANCE = 5e-2;

    /**
     * The largest relative L2 error accepted for a gradient of the whole network in bf16. Loose on
     * purpose: bf16's rounding decides many more ReLU inputs and max-pooling pairs near a tie the
     * other way than float32's does, and each such decision sends a unit's whole gradient along
     * another path. At initialisation, where the signal is small against the biases, right kernels
     * measured the last block's gradients within 2e-2 but the first blocks' off by 0.13 to 0.51
     * (the first convolution's weight; 96 and 224 pixels, seeds 1 to 6). The bf16 kernels are held
     * to {@link #BF16_BLOCK_TOLERANCE} block by block; this catches what the blocks alone cannot: a
     * gradient that does not arrive (error 1), one unrelated to float64's (about 1.4), or NaN.
     */
    public static final double BF16_GRADIENT_TOLERANCE = 8e-1;

    private final NinArchitecture architecture;
    private final int side;
    private final int batchSize;
    private final LayoutChoice choice;
    private final Device device;
    private final long seed;
    private final UnaryOperator<Block> checkedWrapper;
    private final PrecisionChoice precisionChoice;
    private final boolean bf16Instructions;

    private EngineCheck(Builder builder) {
        this.architecture = builder.architecture;
        this.side = builder.side;
        this.batchSize = builder.batchSize;
        this.choice = builder.choice;
        this.device = builder.device;
        this.seed = builder.seed;
        this.checkedWrapper = builder.checkedWrapper;
        this.precisionChoice = builder.precisionChoice;
        this.bf16Instructions =
                builder.bf16Instructions != null
                        ? builder.bf16Instructions
                        : Environment.bf16Instructions();
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
        LayoutTrial chosen = null;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            for (Precision precision : precisionChoice.candidates(bf16Instructions)) {
                // bf16 blocks compute in channels-last whatever the float32 layout.
                List<ConvolutionLayout> layouts =
                        precision == Precision.BF16
                                ? List.of(ConvolutionLayout.CHANNELS_LAST)
                                : choice.candidates();
                for (ConvolutionLayout layout : layouts) {
                    LayoutTrial trial = trial(manager, precision, layout);
                    trials.add(trial);
                    if (trial.right()) {
                        chosen = trial;
                        break;
                    }
                }
                if (chosen != null) {
                    break;
                }
            }
        }
        EngineVerdict.Status status =
                chosen == null
                        ? EngineVerdict.Status.WRONG
                        : chosen == trials.get(0)
                                ? EngineVerdict.Status.RIGHT
                                : EngineVerdict.Status.RIGHT_AFTER_WORKAROUND;
        Engine engine = Engine.getInstance();
        return new EngineVerdict(
                status,
                choice,
                chosen == null ? null : chosen.layout(),
                Environment.processor(),
                engine.getEngineName() + " " + engine.getVersion(),
                batchSize + "x" + architecture.inputChannels() + "x" + side + "x" + side,
                CONVOLUTION_TOLERANCE,
                NETWORK_TOLERANCE,
                List.copyOf(trials),
                (System.nanoTime() - start) / 1e9,
                precisionChoice,
                chosen == null ? null : chosen.precision());
    }

    /**
     * Runs the check and gives the network the precision and layout found right.
     *
     * @param network a network of this check's architecture
     * @return what the check found
     * @throws EngineFaultException when no precision and layout are right
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
        network.setPrecision(verdict.precision());
        return verdict;
    }

    private LayoutTrial trial(NDManager parent, Precision precision, ConvolutionLayout layout) {
        Random random = new Random(seed);
        boolean bf16 = precision == Precision.BF16;
        double convolutionTolerance = bf16 ? BF16_BLOCK_TOLERANCE : CONVOLUTION_TOLERANCE;
        double networkTolerance = bf16 ? BF16_NETWORK_TOLERANCE : NETWORK_TOLERANCE;
        double gradientTolerance = bf16 ? BF16_GRADIENT_TOLERANCE : NETWORK_TOLERANCE;
        List<ConvolutionTrial> convolutions = new ArrayList<>();
        if (bf16) {
            for (BlockProbe probe : blockProbes()) {
                try (NDManager manager = parent.newSubManager()) {
                    convolutions.add(probe.run(manager, random, checkedWrapper));
                }
            }
        } else {
            for (ConvolutionProbe probe : probes()) {
                try (NDManager manager = parent.newSubManager()) {
                    convolutions.add(probe.run(manager, layout, random, checkedWrapper));
                }
            }
        }
        NetworkTrial network = network(parent, precision, layout, random);
        // A ReLU input or pooling pair within rounding of a tie can push one batch past the
        // network's tolerance on right kernels; a fault shows on any batch, so a second one
        // decides.
        if (!network.within(networkTolerance, gradientTolerance)) {
            network = network(parent, precision, layout, random);
        }
        boolean right =
                network.within(networkTolerance, gradientTolerance)
                        && convolutions.stream().allMatch(c -> c.within(convolutionTolerance));
        return new LayoutTrial(
                layout,
                List.copyOf(convolutions),
                network,
                right,
                precision,
                convolutionTolerance,
                networkTolerance,
                gradientTolerance);
    }

    /**
     * A NiN block where it sits in the network.
     *
     * @param number 1 for the first block
     * @param spec its k×k convolution
     * @param in its input channels
     * @param side its input's height and width
     * @param outputSide its output's height and width, the 1×1 convolutions' input
     */
    private record PlacedBlock(int number, BlockSpec spec, int in, int side, int outputSide) {}

    /** The network's NiN blocks, in order, with their input shapes. */
    private List<PlacedBlock> placedBlocks() {
        List<PlacedBlock> placed = new ArrayList<>();
        List<LayerKind> kinds = architecture.layerKinds();
        int[] sides = architecture.outputSides(side);
        int current = side;
        int channels = architecture.inputChannels();
        for (int i = 0; i < kinds.size(); i++) {
            if (kinds.get(i) == LayerKind.NIN_BLOCK) {
                BlockSpec spec = architecture.blocks().get(placed.size());
                placed.add(new PlacedBlock(placed.size() + 1, spec, channels, current, sides[i]));
                channels = spec.channels();
            }
            current = sides[i];
        }
        return placed;
    }

    /** Every NiN block of the network at its input shape there. */
    private List<BlockProbe> blockProbes() {
        List<BlockProbe> probes = new ArrayList<>();
        for (PlacedBlock block : placedBlocks()) {
            BlockSpec spec = block.spec();
            probes.add(
                    new BlockProbe(
                            String.format(
                                    "block %d (%dx%d, %d->%d)",
                                    block.number(),
                                    spec.kernel(),
                                    spec.kernel(),
                                    block.in(),
                                    spec.channels()),
                            block.in(),
                            spec,
                            architecture.pointwise(),
                            block.side(),
                            batchSize,
                            block.number() > 1));
        }
        return probes;
    }

    /** Every convolution of the network at its input shape there, then the known triggers. */
    private List<ConvolutionProbe> probes() {
        List<ConvolutionProbe> probes = new ArrayList<>();
        for (PlacedBlock block : placedBlocks()) {
            BlockSpec spec = block.spec();
            int width = spec.channels();
            String name = "block " + block.number() + ", conv ";
            probes.add(
                    new ConvolutionProbe(
                            name
                                    + String.format(
                                            "1 (%dx%d, %d->%d)",
                                            spec.kernel(), spec.kernel(), block.in(), width),
                            block.in(),
                            width,
                            spec.kernel(),
                            spec.stride(),
                            spec.padding(),
                            block.side(),
                            batchSize,
                            block.number() > 1));
            for (int j = 2; j <= architecture.pointwise() + 1; j++) {
                probes.add(
                        new ConvolutionProbe(
                                name + j + String.format(" (1x1, %d->%d)", width, width),
                                width,
                                width,
                                1,
                                1,
                                0,
                                block.outputSide(),
                                batchSize,
                                true));
            }
        }
        probes.addAll(ConvolutionProbe.knownTriggers());
        return probes;
    }

    /** The whole network with dropout off: float32 or bf16 in the layout against float64. */
    private NetworkTrial network(
            NDManager parent, Precision precision, ConvolutionLayout layout, Random random) {
        try (NDManager manager = parent.newSubManager()) {
            Shape input = new Shape(batchSize, architecture.inputChannels(), side, side);
            NinNetwork ours = architecture.newNetwork();
            ours.initialize(manager, input);
            ours.setConvolutionLayout(layout);
            ours.setPrecision(precision);
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
                    networkResults(manager, checkedWrapper.apply(ours.getBlock()), x, y);
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
        private UnaryOperator<Block> checkedWrapper = UnaryOperator.identity();
        private PrecisionChoice precisionChoice = PrecisionChoice.FP32;
        private Boolean bf16Instructions;

        private Builder() {}

        /**
         * Sets how the precision is chosen (default {@link PrecisionChoice#FP32}). A bf16 candidate
         * is checked block by block and as a whole network against float64, with tolerances fit for
         * bf16.
         *
         * @param precisionChoice the choice
         * @return this builder
         */
        public Builder optPrecisionChoice(PrecisionChoice precisionChoice) {
            this.precisionChoice = precisionChoice;
            return this;
        }

        /**
         * Overrides what the processor is taken to have (default: read from {@code /proc/cpuinfo}),
         * for {@link PrecisionChoice#AUTO}: a test shows the choice on a processor without bf16
         * instructions this way.
         *
         * @param bf16Instructions whether the processor has bf16 instructions
         * @return this builder
         */
        Builder optBf16Instructions(boolean bf16Instructions) {
            this.bf16Instructions = bf16Instructions;
            return this;
        }

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
         * Wraps the checked side of every comparison (float32 or bf16), the network and each
         * convolution or block, in a block of the caller's: a test injects a fault this way, to
         * show the check catches it.
         *
         * @param wrapper returns a block computing through the given one
         * @return this builder
         */
        Builder optCheckedWrapper(UnaryOperator<Block> wrapper) {
            this.checkedWrapper = wrapper;
            return this;
        }

        /**
         * Builds the check.
         *
         * @return the check
         * @throws InvalidInputException if the batch is below 2 or the input does not fit
         */
        public EngineCheck build() {
            if (architecture == null
                    || choice == null
                    || device == null
                    || precisionChoice == null) {
                throw new IllegalStateException(
                        "architecture, layout choice, precision choice and device are required");
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
