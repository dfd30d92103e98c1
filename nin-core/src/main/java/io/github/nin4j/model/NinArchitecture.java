package io.github.nin4j.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.nin4j.base.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * The description of a NiN model (Lin et al. 2013; d2l, section "Network in Network"): NiN blocks
 * separated by 3×3 max-pooling with stride 2, dropout before the last block, whose width is the
 * number of classes, then global average pooling and flattening. There is no fully-connected layer,
 * unless the exercises' variant below asks for one.
 *
 * <p>{@link #seed()} is the lecture's network exactly: blocks 96:11:4:0, 256:5:1:2, 384:3:1:1 and
 * 10:3:1:1 on one input channel with dropout 0.5, two 1×1 convolutions per block and the global
 * pooling head (1,992,166 parameters).
 *
 * <p>Two variants serve the chapter's exercises. {@code pointwise} sets how many 1×1 convolutions
 * follow each block's k×k convolution (each with its ReLU). {@link Head#FULLY_CONNECTED} replaces
 * the last NiN block, its dropout and the global pooling by AlexNet's fully-connected layers: the
 * pooling after the second-to-last block stays, and the last block's spec only supplies the number
 * of classes.
 *
 * <p>Written to JSON (a run's manifest) as its components; JSON from before the variants, without
 * {@code pointwise} and {@code head}, reads back as the seed's two 1×1 convolutions and global
 * pooling.
 *
 * @param inputChannels channels of the input images
 * @param blocks the NiN blocks in order; the last one's width is the number of classes
 * @param dropout the dropout rate, in [0, 1): before the last block with the global pooling head,
 *     of both dropout layers with the fully-connected head
 * @param pointwise how many 1×1 convolutions follow each block's k×k convolution, 0 to {@link
 *     #MAX_POINTWISE} (the seed: 2)
 * @param head how class scores are made from the last feature maps (the seed: global pooling)
 */
public record NinArchitecture(
        int inputChannels, List<BlockSpec> blocks, double dropout, int pointwise, Head head) {

    /** Side of the max-pooling window between blocks, as in the seed. */
    public static final int POOL_KERNEL = 3;

    /** Stride of the max-pooling between blocks, as in the seed. */
    public static final int POOL_STRIDE = 2;

    /** The seed's number of 1×1 convolutions per block. */
    public static final int DEFAULT_POINTWISE = 2;

    /**
     * The most 1×1 convolutions per block accepted: four times the seed's, well past what the
     * exercises ask, and a bound on a mistyped option's cost.
     */
    public static final int MAX_POINTWISE = 8;

    /** Validates the description. */
    public NinArchitecture {
        if (inputChannels < 1) {
            throw new InvalidInputException(
                    "a NiN model needs at least 1 input channel, got " + inputChannels);
        }
        if (blocks == null || blocks.isEmpty()) {
            throw new InvalidInputException("a NiN model needs at least one block");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new InvalidInputException("dropout rate must be in [0, 1), got " + dropout);
        }
        if (pointwise < 0 || pointwise > MAX_POINTWISE) {
            throw new InvalidInputException(
                    "a NiN block has 0 to %d 1x1 convolutions (pointwise), got %d; the seed has %d"
                            .formatted(MAX_POINTWISE, pointwise, DEFAULT_POINTWISE));
        }
        if (head == null) {
            throw new InvalidInputException(
                    "a NiN model needs a head: global-pool (the seed's) or fully-connected");
        }
        if (head == Head.FULLY_CONNECTED && blocks.size() < 2) {
            throw new InvalidInputException(
                    "a fully-connected head replaces the last NiN block, so it needs at least 2"
                            + " blocks, got "
                            + blocks.size());
        }
        blocks = List.copyOf(blocks);
    }

    /**
     * Reads an architecture from JSON. A run's manifest from before the variants has no {@code
     * pointwise} and no {@code head}: they mean the seed's 2 and global pooling. The canonical
     * constructor cannot say so, since a missing {@code int} would read as 0, itself a valid number
     * of 1×1 convolutions.
     */
    @JsonCreator
    private static NinArchitecture fromJson(
            @JsonProperty("inputChannels") int inputChannels,
            @JsonProperty("blocks") List<BlockSpec> blocks,
            @JsonProperty("dropout") double dropout,
            @JsonProperty("pointwise") Integer pointwise,
            @JsonProperty("head") Head head) {
        return new NinArchitecture(
                inputChannels,
                blocks,
                dropout,
                pointwise == null ? DEFAULT_POINTWISE : pointwise,
                head == null ? Head.GLOBAL_AVERAGE_POOL : head);
    }

    /**
     * The seed lecture's network, for 1-channel 224×224 Fashion-MNIST and 10 classes.
     *
     * @return the seed's architecture
     */
    public static NinArchitecture seed() {
        return builder().build();
    }

    /**
     * Starts a builder whose defaults are the seed's network.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The number of classes, the width of the last block.
     *
     * @return the number of classes
     */
    public int classes() {
        return blocks.get(blocks.size() - 1).channels();
    }

    /**
     * The blocks built as NiN blocks: all of them with the global pooling head, all but the last
     * with the fully-connected head.
     *
     * @return the specs of the network's NiN blocks, in order
     */
    public List<BlockSpec> ninBlocks() {
        return head == Head.FULLY_CONNECTED ? blocks.subList(0, blocks.size() - 1) : blocks;
    }

    /**
     * How this network departs from the seed's 1×1 convolutions and head, as a phrase to append to
     * its blocks in messages.
     *
     * @return empty for the seed's, otherwise for example {@code ", 3 1x1 convolutions per block,
     *     fully-connected head"}
     */
    public String variantNote() {
        String convolutions = pointwise == 1 ? " 1x1 convolution" : " 1x1 convolutions";
        return (pointwise == DEFAULT_POINTWISE
                        ? ""
                        : ", " + pointwise + convolutions + " per block")
                + (head == Head.FULLY_CONNECTED ? ", fully-connected head" : "");
    }

    /**
     * Builds a new, uninitialised network of float32 NiN blocks computing in NCHW, PyTorch's
     * default layout. Its convolutions and linear layers carry PyTorch's initializers (see {@link
     * TorchInitialization}); it is initialised by DJL's {@code Model}/{@code Trainer} or by {@code
     * Block.initialize}.
     *
     * @return the network and its top-level layers
     */
    public NinNetwork newNetwork() {
        return newNetwork(NinBlockFactory.float32(ConvolutionLayout.NCHW));
    }

    /**
     * Builds a new, uninitialised network whose NiN blocks the factory makes: how they compute
     * (number format, memory layout) is chosen here, when they are built.
     *
     * @param blocks makes each NiN block
     * @return the network and its top-level layers
     */
    public NinNetwork newNetwork(NinBlockFactory blocks) {
        List<Layer> layers = new ArrayList<>();
        int channels = inputChannels;
        List<BlockSpec> specs = ninBlocks();
        for (int i = 0; i < specs.size(); i++) {
            BlockSpec spec = specs.get(i);
            boolean last = i == this.blocks.size() - 1;
            if (last) {
                Block dropoutLayer = Dropout.builder().optRate((float) dropout).build();
                layers.add(new Layer(LayerKind.DROPOUT, dropoutLayer));
            }
            layers.add(new Layer(LayerKind.NIN_BLOCK, blocks.newBlock(channels, spec, pointwise)));
            channels = spec.channels();
            if (!last) {
                layers.add(new Layer(LayerKind.MAX_POOL, maxPool()));
            }
        }
        if (head == Head.GLOBAL_AVERAGE_POOL) {
            layers.add(new Layer(LayerKind.GLOBAL_AVG_POOL, globalAvgPool()));
        }
        layers.add(
                new Layer(
                        LayerKind.FLATTEN,
                        new FunctionLayer(
                                Blocks::batchFlatten,
                                "batchFlatten",
                                s -> new Shape(s.get(0), s.size() / s.get(0)))));
        if (head == Head.FULLY_CONNECTED) {
            layers.addAll(FullyConnectedHead.layers(classes(), dropout));
        }
        ReleasingSequentialBlock net = blocks.newSequence(this);
        for (Layer layer : layers) {
            if (layer.block() instanceof NinBlock) {
                net.add(NinBlock.class.getSimpleName(), layer.block());
            } else {
                net.add(layer.block());
            }
        }
        return new NinNetwork(this, net, layers);
    }

    /** The seed's 3×3 max-pooling with stride 2, no padding, PyTorch's floor rounding. */
    private static Block maxPool() {
        Shape kernel = new Shape(POOL_KERNEL, POOL_KERNEL);
        Shape stride = new Shape(POOL_STRIDE, POOL_STRIDE);
        Shape padding = new Shape(0, 0);
        return new FunctionLayer(
                x -> Pool.maxPool2d(x, kernel, stride, padding, false),
                "maxPool2d",
                s -> new Shape(s.get(0), s.get(1), pooledSide(s.get(2)), pooledSide(s.get(3))));
    }

    /**
     * Keeps (N, C, 1, 1) like {@code nn.AdaptiveAvgPool2d((1, 1))}; DJL's global pooling flattens
     * at once, which would merge two of the seed's layers.
     */
    private static Block globalAvgPool() {
        return new FunctionLayer(
                x ->
                        Pool.globalAvgPool2d(x)
                                .reshape(x.getShape().get(0), x.getShape().get(1), 1, 1),
                LayerKind.GLOBAL_AVG_POOL.torchName(),
                s -> new Shape(s.get(0), s.get(1), 1, 1));
    }

    /** PyTorch's floor rounding; 0, never negative, once nothing is left. */
    private static long pooledSide(long side) {
        return Math.max(0, Math.floorDiv(side - POOL_KERNEL, POOL_STRIDE) + 1);
    }

    /**
     * The smallest input height (or width) the network accepts: the smallest side for which no
     * layer's output shrinks below 1×1 (see {@link NinNetwork#minimumInputSide()}).
     *
     * @return the smallest input side; 67 for the seed's network
     */
    public int minimumInputSide() {
        return newNetwork().minimumInputSide();
    }

    /**
     * Whether an input of this height or width passes through every layer.
     *
     * @param side the input's height or width
     * @return true when every layer's output is at least 1
     */
    public boolean accepts(int side) {
        return newNetwork().accepts(side, side);
    }

    /**
     * Checks that an input of {@code channels}×{@code height}×{@code width} fits the network.
     *
     * @param channels input channels
     * @param height input height
     * @param width input width
     * @throws InvalidInputException naming the smallest input that works, when it does not fit
     */
    public void checkInput(int channels, int height, int width) {
        if (channels != inputChannels) {
            throw new InvalidInputException(
                    "input has %d channels but the network expects %d; use an input of %dxHxW"
                            .formatted(channels, inputChannels, inputChannels));
        }
        NinNetwork network = newNetwork();
        if (!network.accepts(height, width)) {
            int min = network.minimumInputSide();
            String end =
                    head == Head.GLOBAL_AVERAGE_POOL ? "global pooling" : "fully-connected layers";
            throw new InvalidInputException(
                    ("input %dx%dx%d is too small for this network: it shrinks to nothing before the"
                                    + " %s; the smallest input it accepts is %dx%dx%d")
                            .formatted(channels, height, width, end, channels, min, min));
        }
    }

    /**
     * Builds a {@link NinArchitecture}. Every value defaults to the seed's network; the number of
     * classes, when set, replaces the last block's width.
     */
    public static final class Builder {
        private int inputChannels = 1;
        private List<BlockSpec> blocks =
                List.of(
                        new BlockSpec(96, 11, 4, 0),
                        new BlockSpec(256, 5, 1, 2),
                        new BlockSpec(384, 3, 1, 1),
                        new BlockSpec(10, 3, 1, 1));
        private Integer classes;
        private double dropout = 0.5;
        private int pointwise = DEFAULT_POINTWISE;
        private Head head = Head.GLOBAL_AVERAGE_POOL;

        private Builder() {}

        /**
         * Sets the number of input channels (default 1).
         *
         * @param inputChannels at least 1
         * @return this builder
         */
        public Builder optInputChannels(int inputChannels) {
            this.inputChannels = inputChannels;
            return this;
        }

        /**
         * Sets the blocks (default the seed's four).
         *
         * @param blocks at least one block
         * @return this builder
         */
        public Builder optBlocks(List<BlockSpec> blocks) {
            this.blocks = List.copyOf(blocks);
            return this;
        }

        /**
         * Sets the number of classes, the width of the last block (default 10).
         *
         * @param classes at least 1
         * @return this builder
         */
        public Builder optClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /**
         * Sets the dropout rate (default 0.5): before the last block with the global pooling head,
         * of both dropout layers with the fully-connected head.
         *
         * @param dropout in [0, 1)
         * @return this builder
         */
        public Builder optDropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        /**
         * Sets how many 1×1 convolutions follow each block's k×k convolution (default 2).
         *
         * @param pointwise 0 to {@link #MAX_POINTWISE}
         * @return this builder
         */
        public Builder optPointwise(int pointwise) {
            this.pointwise = pointwise;
            return this;
        }

        /**
         * Sets the head (default {@link Head#GLOBAL_AVERAGE_POOL}). {@link Head#FULLY_CONNECTED}
         * needs at least two blocks: the last one only gives the number of classes.
         *
         * @param head the head
         * @return this builder
         */
        public Builder optHead(Head head) {
            this.head = head;
            return this;
        }

        /**
         * Builds the description.
         *
         * @return the architecture
         * @throws InvalidInputException if a value is out of range
         */
        public NinArchitecture build() {
            List<BlockSpec> specs = new ArrayList<>(blocks);
            if (classes != null && !specs.isEmpty()) {
                BlockSpec last = specs.get(specs.size() - 1);
                specs.set(
                        specs.size() - 1,
                        new BlockSpec(classes, last.kernel(), last.stride(), last.padding()));
            }
            return new NinArchitecture(inputChannels, specs, dropout, pointwise, head);
        }
    }
}
