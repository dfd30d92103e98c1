package io.github.nin4j.compute;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.github.nin4j.engine.CheckedLayout;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.Head;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.precision.Precision;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link NinModel#drawAsTraining} leaves the engine's random generator where training forward
 * passes on batches of the same sizes leave it, in every way a network draws its dropout masks:
 * DJL's dropout layers in float32, the one bf16 operation of the global-pooling head, the bf16
 * network whose fully-connected head keeps DJL's layers, and no draws at all with dropout 0. A
 * resumed epoch relies on it to draw the masks an uninterrupted epoch draws.
 */
class DrawAsTrainingTest {

    private static final List<BlockSpec> BLOCKS =
            List.of(new BlockSpec(16, 5, 1, 2), new BlockSpec(10, 3, 1, 1));

    private static final Shape INPUT = new Shape(1, 1, 28, 28);

    /** Two batches, the second smaller, as an epoch's last one may be. */
    private static final int[] BATCHES = {4, 4, 3};

    static Stream<Arguments> networks() {
        NinArchitecture pooling = NinArchitecture.builder().optBlocks(BLOCKS).build();
        NinArchitecture connected =
                NinArchitecture.builder().optBlocks(BLOCKS).optHead(Head.FULLY_CONNECTED).build();
        NinArchitecture noDropout =
                NinArchitecture.builder().optBlocks(BLOCKS).optDropout(0).build();
        return Stream.of(
                Arguments.of("global pooling, float32", pooling, Precision.FP32),
                Arguments.of("global pooling, bf16", pooling, Precision.BF16),
                Arguments.of("fully connected, float32", connected, Precision.FP32),
                Arguments.of("fully connected, bf16", connected, Precision.BF16),
                Arguments.of("no dropout, float32", noDropout, Precision.FP32),
                Arguments.of("no dropout, bf16", noDropout, Precision.BF16));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void drawsWhatTrainingForwardPassesDraw(
            String name, NinArchitecture architecture, Precision precision) {
        ComputePlan plan =
                ComputePlan.unchecked(Device.cpu(), CheckedLayout.onThisMachine(), precision);
        try (NinModel nin =
                NinModel.builder()
                        .setArchitecture(architecture)
                        .setInputShape(INPUT)
                        .setPlan(plan)
                        .optSeed(1)
                        .build()) {
            NDManager manager = nin.manager();
            Engine.getInstance().setRandomSeed(11);
            float[] untouched = probe(manager);

            Engine.getInstance().setRandomSeed(11);
            // As a training step runs them: the trainer's forward pass, recorded, and the backward.
            try (Trainer trainer =
                    nin.model().newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
                for (int images : BATCHES) {
                    try (NDManager batch = trainer.getManager().newSubManager();
                            GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray x = batch.create(pixels(images), new Shape(images, 1, 28, 28));
                        NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                        collector.backward(logits.sum());
                    }
                }
            }
            float[] trained = probe(manager);

            Engine.getInstance().setRandomSeed(11);
            for (int images : BATCHES) {
                nin.drawAsTraining(images);
            }
            float[] replayed = probe(manager);

            assertThat(replayed).isEqualTo(trained);
            if (architecture.dropout() > 0) {
                // The forward passes drew: an equality above is not the generator left alone.
                assertThat(trained).isNotEqualTo(untouched);
            } else {
                assertThat(trained).isEqualTo(untouched);
            }
        }
    }

    /** Images made without the engine's generator, which the loader does not use either. */
    private static float[] pixels(int images) {
        float[] pixels = new float[images * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i * 37 % 101) / 100f;
        }
        return pixels;
    }

    /** The generator's next numbers. */
    private static float[] probe(NDManager manager) {
        try (NDManager scratch = manager.newSubManager()) {
            return scratch.randomUniform(0f, 1f, new Shape(32)).toFloatArray();
        }
    }
}
