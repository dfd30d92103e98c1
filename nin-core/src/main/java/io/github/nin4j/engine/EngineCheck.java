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
import io.github.nin4j.machine.Environment;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinBlock;
import io.github.nin4j.model.NinNetwork;
import io.github.nin4j.precision.Precision;
import io.github.nin4j.precision.PrecisionChoice;
import io.github.nin4j.torch.TorchEngineAdapter;
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
 * <p>Two comparisons, both as relative L2 errors ‖checked − float64‖ / ‖float64‖, against the
 * precision's own {@linkplain Precision#tolerances() tolerances}:
 *
 * <ul>
 *   <li>each unit alone at its input shape in the network ({@linkplain Precision#checkedUnit() a
 *       convolution in float32, a NiN block in bf16}): output, input gradient, weight and bias
 *       gradients;
 *   <li>the whole network (dropout off): logits, loss and every parameter's gradient.
 * </ul>
 *
 * <p>The units come from the network's {@linkplain NinNetwork#walk walk}, the same one that gives
 * its shapes and its {@code state_dict} keys.
 *
 * <p>Precisions and layouts are tried in the order of {@link PrecisionChoice#candidates} and {@link
 * LayoutChoice#candidates}; the first pair found right is the one to use. Weights, batches and
 * output gradients come from a {@link Random} of the check's own seed, so the check is repeatable.
 * Building its networks still runs DJL's initialisers, which draw from the engine's generator:
 * callers seed the engine after the check, as {@code TrainingLoop} does.
 */
public final class EngineCheck {

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
        TorchEngineAdapter.prepareThread();
        return NativeStderr.silenced(this::runQuietly);
    }

    private EngineVerdict runQuietly() {
        long start = System.nanoTime();
        List<LayoutTrial> trials = new ArrayList<>();
        LayoutTrial chosen = null;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            tried:
            for (Precision precision : precisionChoice.candidates(bf16Instructions)) {
                for (ConvolutionLayout layout :
                        precision.fixedLayout().map(List::of).orElse(choice.candidates(device))) {
                    LayoutTrial trial = trial(manager, precision, layout);
                    trials.add(trial);
                    if (trial.right()) {
                        chosen = trial;
                        break tried;
                    }
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
                Precision.FP32.tolerances().unit(),
                Precision.FP32.tolerances().network(),
                List.copyOf(trials),
                (System.nanoTime() - start) / 1e9,
                precisionChoice,
                chosen == null ? null : chosen.precision(),
                choice.reason(device));
    }

    private LayoutTrial trial(NDManager parent, Precision precision, ConvolutionLayout layout) {
        Random random = new Random(seed);
        Precision.Tolerances tolerances = precision.tolerances();
        List<ConvolutionTrial> units = new ArrayList<>();
        List<UnitProbe> probes =
                switch (precision.checkedUnit()) {
                    case NIN_BLOCK -> blockProbes(precision, layout);
                    case CONVOLUTION -> convolutionProbes(layout);
                };
        for (UnitProbe probe : probes) {
            try (NDManager manager = parent.newSubManager()) {
                units.add(probe.run(manager, random, checkedWrapper));
            }
        }
        NetworkTrial network = network(parent, precision, layout, random);
        // A ReLU input or pooling pair within rounding of a tie can push one batch past the
        // network's tolerance on right kernels; a fault shows on any batch, so a second one
        // decides.
        if (!network.within(tolerances.network(), tolerances.gradient())) {
            network = network(parent, precision, layout, random);
        }
        boolean right =
                network.within(tolerances.network(), tolerances.gradient())
                        && units.stream().allMatch(c -> c.within(tolerances.unit()));
        return new LayoutTrial(
                layout,
                List.copyOf(units),
                network,
                right,
                precision,
                tolerances.unit(),
                tolerances.network(),
                tolerances.gradient());
    }

    /** One unit of the network checked alone against float64. */
    @FunctionalInterface
    private interface UnitProbe {
        ConvolutionTrial run(NDManager manager, Random random, UnaryOperator<Block> wrapper);
    }

    /**
     * A NiN block where it sits in the network, from the network's walk: number 1 is the first;
     * {@code side} and {@code outputSide} are its input's and output's (the 1×1 convolutions'
     * input) height and width.
     */
    private record PlacedBlock(int number, BlockSpec spec, int in, int side, int outputSide) {}

    /** The network's NiN blocks, in order, with their input shapes. */
    private List<PlacedBlock> placedBlocks() {
        List<PlacedBlock> placed = new ArrayList<>();
        NinNetwork network = architecture.newNetwork();
        Shape input = new Shape(batchSize, architecture.inputChannels(), side, side);
        for (NinNetwork.PlacedLayer layer : network.walk(input)) {
            if (layer.layer().block() instanceof NinBlock block) {
                placed.add(
                        new PlacedBlock(
                                placed.size() + 1,
                                block.spec(),
                                (int) layer.input().get(1),
                                (int) layer.input().get(2),
                                (int) layer.output().get(2)));
            }
        }
        return placed;
    }

    /** Every NiN block of the network at its input shape there, built in the precision. */
    private List<UnitProbe> blockProbes(Precision precision, ConvolutionLayout layout) {
        List<UnitProbe> probes = new ArrayList<>();
        for (PlacedBlock block : placedBlocks()) {
            BlockSpec spec = block.spec();
            BlockProbe probe =
                    new BlockProbe(
                            String.format(
                                    "block %d (%dx%d, %d->%d)",
                                    block.number(),
                                    spec.kernel(),
                                    spec.kernel(),
                                    block.in(),
                                    spec.channels()),
                            precision.blocks(layout),
                            block.in(),
                            spec,
                            architecture.pointwise(),
                            block.side(),
                            batchSize,
                            block.number() > 1);
            probes.add(probe::run);
        }
        return probes;
    }

    /** Every convolution of the network at its input shape there, then the known triggers. */
    private List<UnitProbe> convolutionProbes(ConvolutionLayout layout) {
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
        return probes.stream()
                .<UnitProbe>map(
                        probe ->
                                (manager, random, wrapper) ->
                                        probe.run(manager, layout, random, wrapper))
                .toList();
    }

    /** The whole network with dropout off: float32 or bf16 in the layout against float64. */
    private NetworkTrial network(
            NDManager parent, Precision precision, ConvolutionLayout layout, Random random) {
        try (NDManager manager = parent.newSubManager()) {
            Shape input = new Shape(batchSize, architecture.inputChannels(), side, side);
            NinNetwork ours = architecture.newNetwork(precision.blocks(layout));
            ours.initialize(manager, input);
            NinNetwork reference = architecture.newNetwork();
            reference.getBlock().initialize(manager, DataType.FLOAT64, input);
            // The same weights on both sides, by state_dict key, drawn as PyTorch initialises them.
            Map<String, NDArray> ourParameters = ours.stateDict();
            Map<String, NDArray> referenceParameters = reference.stateDict();
            for (String key : ourParameters.keySet()) {
                if (key.endsWith(".weight")) {
                    String bias = key.replace(".weight", ".bias");
                    Probes.copyParameters(
                            ourParameters.get(key),
                            referenceParameters.get(key),
                            ourParameters.get(bias),
                            referenceParameters.get(bias),
                            -1,
                            random);
                }
            }
            NDArray x = Probes.uniform(manager, input, 0, 1, random);
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
                        Probes.relativeError(
                                ourParameters.get(key).getGradient(),
                                referenceParameters.get(key).getGradient()));
            }
            return new NetworkTrial(
                    Probes.relativeError(ourResults.get(0), referenceResults.get(0)),
                    Probes.relativeError(ourResults.get(1), referenceResults.get(1)),
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
         * Sets how the precision is chosen (default {@link PrecisionChoice#FP32}).
         *
         * @param precisionChoice the choice
         * @return this builder
         */
        public Builder optPrecisionChoice(PrecisionChoice precisionChoice) {
            this.precisionChoice = precisionChoice;
            return this;
        }

        /** Overrides the processor's bf16 instructions, read by default, for a test of AUTO. */
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
         * Wraps the checked side of every comparison, the network and each unit, in a block of the
         * caller's: a test injects a fault this way, to show the check catches it.
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
