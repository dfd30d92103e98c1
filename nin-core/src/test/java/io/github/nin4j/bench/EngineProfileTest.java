package io.github.nin4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineProfileTest {

    private static String event(String name, double ts, double dur, String shape) {
        return String.format(
                "{\"name\": \"%s\", \"ph\": \"X\", \"ts\": %s, \"dur\": %s, \"tid\": 1, \"pid\":"
                        + " \"CPU Functions\", \"shape\": %s, \"args\": {}}",
                name, ts, dur, shape);
    }

    /** A forward convolution three calls deep, two ReLUs, and one ReLU backward, in µs. */
    private static final String TRACE =
            "["
                    + String.join(
                            ",\n",
                            List.of(
                                    event(
                                            "aten::conv2d",
                                            0,
                                            100,
                                            "[[2, 1, 8, 8], [4, 1, 3, 3], [4], [], []]"),
                                    event(
                                            "aten::convolution",
                                            1,
                                            98,
                                            "[[2, 1, 8, 8], [4, 1, 3, 3], [4], [], []]"),
                                    event(
                                            "aten::mkldnn_convolution",
                                            2,
                                            90,
                                            "[[2, 1, 8, 8], [4, 1, 3, 3], [4], [], []]"),
                                    event("aten::relu", 100, 10, "[[2, 4, 6, 6]]"),
                                    event("aten::clamp_min", 101, 8, "[[2, 4, 6, 6], []]"),
                                    event(
                                            "autograd::engine::evaluate_function: ReluBackward0",
                                            200,
                                            20,
                                            "[]"),
                                    event("ReluBackward0", 201, 18, "[[2, 4, 6, 6]]"),
                                    event(
                                            "aten::threshold_backward",
                                            202,
                                            15,
                                            "[[2, 4, 6, 6], [2, 4, 6, 6], []]"),
                                    event("aten::relu", 300, 10, "[[2, 4, 6, 6]]"),
                                    event("aten::clamp_min", 301, 8, "[[2, 4, 6, 6], []]")))
                    + ", {\"name\": \"marker\", \"ph\": \"i\", \"ts\": 5}]";

    @Test
    void selfTimesByPhaseOperatorAndShapeCountNothingTwice(@TempDir Path dir) throws IOException {
        Path trace = Files.writeString(dir.resolve("trace.json"), TRACE);
        EngineProfile profile = EngineProfile.read(trace);

        // The top-level events last 100 + 10 + 20 + 10 µs; self times add up to exactly that.
        assertThat(profile.totalMilliseconds()).isCloseTo(0.140, within(1e-9));
        EngineProfile.Operator first = profile.operators().get(0);
        assertThat(first)
                .isEqualTo(
                        new EngineProfile.Operator(
                                "forward",
                                "aten::mkldnn_convolution",
                                "2x1x8x8, 4x1x3x3, 4",
                                1,
                                0.090));
        assertThat(profile.operators())
                .contains(
                        new EngineProfile.Operator(
                                "forward", "aten::clamp_min", "2x4x6x6", 2, 0.016))
                .contains(
                        new EngineProfile.Operator(
                                "backward",
                                "aten::threshold_backward",
                                "2x4x6x6, 2x4x6x6",
                                1,
                                0.015))
                .contains(
                        new EngineProfile.Operator(
                                "forward", "aten::convolution", "2x1x8x8, 4x1x3x3, 4", 1, 0.008));
        assertThat(profile.operators().stream().filter(o -> o.phase().equals("backward")))
                .extracting(EngineProfile.Operator::name)
                .containsExactlyInAnyOrder(
                        "aten::threshold_backward",
                        "ReluBackward0",
                        "autograd::engine::evaluate_function: ReluBackward0");
        assertThat(profile.operators())
                .isSortedAccordingTo((a, b) -> Double.compare(b.milliseconds(), a.milliseconds()));
    }

    @Test
    void aFileThatIsNotATraceIsRefused(@TempDir Path dir) throws IOException {
        Path notATrace = Files.writeString(dir.resolve("x.json"), "{\"epochs\": 3}");
        assertThatThrownBy(() -> EngineProfile.read(notATrace))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is not a Chrome trace");
    }
}
