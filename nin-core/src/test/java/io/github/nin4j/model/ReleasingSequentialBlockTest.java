package io.github.nin4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.nin4j.engine.CheckedLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleasingSequentialBlockTest {

    private static final Shape INPUT = new Shape(2, 1, 6, 6);

    /**
     * conv, ReLU, conv, ReLU, each followed by a layer that copies its input; every array passed
     * between layers is recorded in {@code outputs}, in order.
     */
    private static SequentialBlock network(SequentialBlock net, List<NDArray> outputs) {
        for (int i = 0; i < 2; i++) {
            RoutedConv2d conv = RoutedConv2d.of(i == 0 ? 1 : 3, 3, 3, 1, 0);
            conv.setLayout(CheckedLayout.onThisMachine());
            net.add(conv);
            net.add(record(outputs));
            net.add(Activation.reluBlock());
            net.add(record(outputs));
        }
        return net;
    }

    private static LambdaBlock record(List<NDArray> outputs) {
        return new LambdaBlock(
                x -> {
                    // A new array with the same values: released all the same once consumed.
                    NDArray copy = x.singletonOrThrow().mul(1f);
                    outputs.add(x.singletonOrThrow());
                    outputs.add(copy);
                    return new NDList(copy);
                });
    }

    /** One of DJL's two forward paths through a block. */
    private interface Forward {
        NDList apply(SequentialBlock net, ParameterStore store, NDList data);
    }

    /** Runs forward and backward; returns the first convolution's weight gradient. */
    private static float[] gradient(
            SequentialBlock net,
            List<NDArray> outputs,
            NDManager manager,
            NDArray x,
            Forward forward) {
        Engine.getInstance().setRandomSeed(3);
        net.initialize(manager, DataType.FLOAT32, INPUT);
        // Shape inference ran the recording layers on scratch arrays; keep only the real pass.
        outputs.clear();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray y =
                    forward.apply(net, new ParameterStore(manager, false), new NDList(x))
                            .singletonOrThrow();
            collector.backward(y.square().sum());
        }
        return net.getParameters().get(0).getValue().getArray().getGradient().toFloatArray();
    }

    /**
     * Runs DJL's plain block and ours the same way, then checks that ours released exactly the
     * intermediate outputs and computed the same gradient.
     */
    private static void releasesIntermediatesAndKeepsGradients(Forward forward) {
        try (NDManager manager = NDManager.newBaseManager()) {
            // The layout first: checking it draws from the engine's generator.
            CheckedLayout.onThisMachine();
            Engine.getInstance().setRandomSeed(3);
            NDArray x = manager.randomUniform(-1, 1, INPUT);
            List<NDArray> plainOutputs = new ArrayList<>();
            SequentialBlock plain = network(new SequentialBlock(), plainOutputs);
            float[] expected = gradient(plain, plainOutputs, manager, x, forward);

            List<NDArray> outputs = new ArrayList<>();
            SequentialBlock releasing = network(new ReleasingSequentialBlock(), outputs);
            float[] actual = gradient(releasing, outputs, manager, x, forward);

            assertThat(plainOutputs).noneMatch(NDArray::isReleased);
            assertThat(outputs).hasSize(8);
            assertThat(outputs.subList(0, 7)).allMatch(NDArray::isReleased);
            assertThat(outputs.get(7).isReleased()).isFalse();
            assertThat(x.isReleased()).isFalse();
            assertThat(actual).hasSize(27).containsExactly(expected);
            assertThat(actual).isNotEqualTo(new float[27]);
        }
    }

    @Test
    void releasesIntermediatesButNotInputOrOutputAndGradientsAreUnchanged() {
        releasesIntermediatesAndKeepsGradients(
                (net, store, data) -> net.forward(store, data, true));
    }

    /** The path of {@code Trainer.forward(data, labels)} and {@code EasyTrain}. */
    @Test
    void withLabelsReleasesIntermediatesButNotInputOutputOrLabelsAndGradientsAreUnchanged() {
        try (NDManager labelManager = NDManager.newBaseManager()) {
            NDList labels = new NDList(labelManager.create(new long[] {0, 1}));
            releasesIntermediatesAndKeepsGradients(
                    (net, store, data) -> net.forward(store, data, labels, null));
            assertThat(labels.singletonOrThrow().isReleased()).isFalse();
        }
    }

    @Test
    void refusesToReturnIntermediateOutputs() {
        ReleasingSequentialBlock block = new ReleasingSequentialBlock();
        assertThat(block.setReturnIntermediate(false)).isSameAs(block);
        assertThat(block.isReturnIntermediate()).isFalse();
        assertThatThrownBy(() -> block.setReturnIntermediate(true))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("releases its intermediate outputs");
        assertThat(block.isReturnIntermediate()).isFalse();
    }
}
