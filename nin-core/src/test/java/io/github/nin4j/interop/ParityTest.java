package io.github.nin4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nin4j.compute.ComputeChoice;
import io.github.nin4j.compute.ComputePlan;
import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.NinNetwork;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our network against PyTorch's on the committed fixture, written by {@code
 * generators/make_parity_fixture.py} with Debian's PyTorch 1.13: the seed's layout with narrow
 * blocks, four 1×99×99 inputs.
 */
class ParityTest {

    private static final Path FIXTURE = Path.of("src", "test", "resources", "parity");

    /**
     * How far our SGD step may be from PyTorch's, relative to the change PyTorch's step made. For
     * this fixture, unlike a random full-size batch (see {@link ParityCheck#TOLERANCE}), no ReLU
     * input lies within float32 rounding of zero (the smallest is 9.3e-6, see fixture.json), so the
     * gradients agree to about 1e-6 of themselves. What remains is the final rounding of w −
     * lr·grad to float32 on each side: up to an ulp of the weight (6e-8 for 0.6) against changes as
     * small as 4e-5, about 1.5e-3. A wrong or missing gradient is off by about 1; a learning rate
     * 2% off fails.
     */
    private static final double STEP_RELATIVE_TOLERANCE = 1e-2;

    private static NDManager manager;
    private static ParityFixture fixture;
    private static List<ParityCheck.Difference> differences;

    @BeforeAll
    static void runOnce() {
        manager = NDManager.newBaseManager();
        fixture = ParityFixture.read(FIXTURE, manager);
        EngineVerdict verdict =
                ComputeChoice.defaults()
                        .check(fixture.architecture(), (int) fixture.input().getShape().get(2));
        assertThat(verdict.right()).as(verdict.summary()).isTrue();
        NinNetwork network =
                fixture.newNetwork(manager, ComputePlan.of(verdict, Device.cpu()).blocks());
        differences = ParityCheck.of(fixture).run(network);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void fixtureIsTheSeedLayoutWithNarrowBlocks() {
        NinArchitecture architecture = fixture.architecture();
        assertThat(architecture.blocks())
                .extracting(BlockSpec::toString)
                .containsExactly("8:11:4:0", "16:5:1:2", "24:3:1:1", "10:3:1:1");
        assertThat(architecture.inputChannels()).isEqualTo(1);
        assertThat(architecture.dropout()).isEqualTo(0.5);
        assertThat(fixture.input().getShape()).isEqualTo(new Shape(4, 1, 99, 99));
        assertThat(fixture.learningRate()).isEqualTo(0.1);
    }

    @Test
    void fixtureKeysAreOurKeysInStateDictOrder() {
        List<String> ours =
                List.copyOf(TorchStateDict.of(fixture.architecture()).shapes().keySet());
        assertThat(fixture.weights().keySet()).containsExactlyElementsOf(ours);
        assertThat(fixture.weightsAfterStep().keySet()).containsExactlyElementsOf(ours);
        assertThat(ours)
                .filteredOn(k -> k.endsWith(".0.weight"))
                .containsExactly("0.0.weight", "2.0.weight", "4.0.weight", "7.0.weight");
    }

    @Test
    void architectureInferredFromTheFixturesShapesIsTheFixtures() {
        assertThat(TorchStateDict.inferArchitecture(TorchStateDict.shapesOf(fixture.weights())))
                .isEqualTo(fixture.architecture());
    }

    @Test
    void logitsInEvaluationModeMatchPytorch() {
        ParityCheck.Difference logits = difference("logits");
        assertThat(logits.maxAbsolute()).isLessThanOrEqualTo(1e-4);
        assertThat(logits.within()).as("%s", logits).isTrue();
    }

    @Test
    void lossMatchesPytorch() {
        ParityCheck.Difference loss = difference("loss");
        assertThat(loss.maxAbsolute()).isLessThanOrEqualTo(1e-4);
        assertThat(loss.within()).as("%s", loss).isTrue();
    }

    @Test
    void everyParameterAfterOneSgdStepMatchesPytorch() {
        List<ParityCheck.Difference> steps = differences.subList(2, differences.size());
        assertThat(steps)
                .extracting(ParityCheck.Difference::name)
                .containsExactlyElementsOf(fixture.weightsAfterStep().keySet());
        assertThat(steps)
                .allSatisfy(
                        d -> assertThat(d.maxAbsolute()).as(d.name()).isLessThanOrEqualTo(1e-4));
        // PyTorch's step moved every parameter, so each comparison tests a real gradient, held to
        // 1% of the change it made, not only to 1e-4.
        assertThat(steps).allSatisfy(d -> assertThat(d.scale()).as(d.name()).isPositive());
        assertThat(steps)
                .allSatisfy(
                        d ->
                                assertThat(d.relative())
                                        .as("%s", d)
                                        .isLessThanOrEqualTo(STEP_RELATIVE_TOLERANCE));
        assertThat(steps).allSatisfy(d -> assertThat(d.within()).as("%s", d).isTrue());
    }

    private static ParityCheck.Difference difference(String name) {
        return differences.stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }
}
