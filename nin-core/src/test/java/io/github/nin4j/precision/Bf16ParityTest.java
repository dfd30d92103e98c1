package io.github.nin4j.precision;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import io.github.nin4j.compute.ComputePlan;
import io.github.nin4j.engine.EngineCheck;
import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.interop.ParityFixture;
import io.github.nin4j.interop.TorchStateDict;
import io.github.nin4j.model.NinNetwork;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The bf16 network on the parity fixture (PyTorch's weights and batch, see {@code ParityTest})
 * against the same network computed in float64: logits, loss and every gradient within the bf16
 * tolerances the engine check uses, wherever the engine check lets bf16 run this network; where it
 * does not, the refusal must name the faulty block.
 *
 * <p>The fixture's first block is 8 channels wide. libtorch 2.7.1's oneDNN computed it wrong in
 * bf16 on AMD Zen 5 (forward off by 0.28 in 4 of 5 processes) until the operation padded every
 * block to a multiple of 16 channels; since then the check passes here and so does the comparison
 * (see docs/notes/bf16.md). The first weight's gradient is then 0.44 off float64's, as PyTorch
 * 1.13's autocast is on the same weights.
 */
class Bf16ParityTest {

    private static final Path FIXTURE = Path.of("src", "test", "resources", "parity");

    /** ‖ours − reference‖ / ‖reference‖, in float64. */
    private static double relativeError(NDArray ours, NDArray reference) {
        NDArray difference = ours.toType(DataType.FLOAT64, false).sub(reference);
        return Math.sqrt(difference.square().sum().getDouble())
                / Math.sqrt(reference.square().sum().getDouble());
    }

    /** Logits and loss in evaluation mode, the parameters' gradients left in place. */
    private static NDList results(NinNetwork network, NDArray x, NDArray labels) {
        NDManager manager = x.getManager();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits =
                    network.getBlock()
                            .forward(new ParameterStore(manager, false), new NDList(x), false)
                            .singletonOrThrow();
            NDArray loss =
                    Loss.softmaxCrossEntropyLoss().evaluate(new NDList(labels), new NDList(logits));
            collector.backward(loss);
            return new NDList(logits, loss);
        }
    }

    @Test
    void bf16LogitsLossAndGradientsAreWithinBf16ToleranceOfFloat64() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ParityFixture fixture = ParityFixture.read(FIXTURE, manager);
            EngineVerdict verdict =
                    EngineCheck.builder()
                            .setArchitecture(fixture.architecture())
                            .setInputSide((int) fixture.input().getShape().get(2))
                            .optBatchSize((int) fixture.input().getShape().get(0))
                            .optPrecisionChoice(PrecisionChoice.BF16)
                            .build()
                            .run();
            if (!verdict.right()) {
                assertThat(verdict.trials().get(0).faults()).as(verdict.summary()).isNotEmpty();
                assertThat(verdict.summary()).contains("--precision fp32 computes in float32");
                Assumptions.abort(
                        "bf16 refused for this network on this CPU: " + verdict.summary());
            }
            NinNetwork bf16 =
                    fixture.newNetwork(manager, ComputePlan.of(verdict, Device.cpu()).blocks());
            NinNetwork reference = fixture.architecture().newNetwork();
            reference.getBlock().initialize(manager, DataType.FLOAT64, fixture.input().getShape());
            TorchStateDict stateDict = TorchStateDict.of(fixture.architecture());
            Map<String, NDArray> ours = stateDict.toStateDict(bf16);
            Map<String, NDArray> theirs = stateDict.toStateDict(reference);
            theirs.forEach(
                    (key, array) ->
                            array.muli(0)
                                    .addi(
                                            fixture.weights()
                                                    .get(key)
                                                    .toType(DataType.FLOAT64, false)));
            NDArray labels = fixture.labels().toType(DataType.FLOAT32, false);

            NDList bf16Results = results(bf16, fixture.input(), labels);
            NDList referenceResults =
                    results(reference, fixture.input().toType(DataType.FLOAT64, false), labels);

            Map<String, Double> gradients = new LinkedHashMap<>();
            ours.forEach(
                    (key, array) ->
                            gradients.put(
                                    key,
                                    relativeError(
                                            array.getGradient(), theirs.get(key).getGradient())));
            double logits = relativeError(bf16Results.get(0), referenceResults.get(0));
            double loss = relativeError(bf16Results.get(1), referenceResults.get(1));
            assertThat(logits).isLessThanOrEqualTo(Precision.BF16.tolerances().network());
            assertThat(loss).isLessThanOrEqualTo(Precision.BF16.tolerances().network());
            assertThat(gradients)
                    .hasSize(24)
                    .allSatisfy(
                            (key, error) ->
                                    assertThat(error)
                                            .as(key)
                                            .isLessThanOrEqualTo(
                                                    Precision.BF16.tolerances().gradient()));
        }
    }
}
