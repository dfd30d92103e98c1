package io.github.nin4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.compute.ComputeChoice;
import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.engine.LayoutTrial;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.precision.PrecisionChoice;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkTest {

    @Test
    void aRunReturnsItsRowsAsTheyCompleteAndWritesTheJsonKeysBenchCompareReads() throws Exception {
        List<String> heard = new ArrayList<>();
        BenchmarkResult result =
                Benchmark.builder()
                        .setArchitecture(NinArchitecture.seed())
                        .optResize(67)
                        .optBatchSize(2)
                        .optSteps(1)
                        .optWarmup(0)
                        .optRepeat(2)
                        .optModes(Benchmark.Mode.DATA, Benchmark.Mode.INFER)
                        .optListener(
                                new BenchmarkListener() {
                                    @Override
                                    public void onStart(EngineVerdict verdict, LayoutTrial timed) {
                                        heard.add("start");
                                    }

                                    @Override
                                    public void onPeak(Summary peakGflops, Summary peakBf16Gflops) {
                                        heard.add("peak");
                                    }

                                    @Override
                                    public void onMode(BenchmarkResult.ModeResult row) {
                                        heard.add(row.mode().key());
                                    }
                                })
                        .build()
                        .run();

        assertThat(heard).containsExactly("start", "peak", "infer", "data");
        assertThat(result.modes().keySet()).containsExactly("infer", "data");
        BenchmarkResult.ModeResult infer = result.mode(Benchmark.Mode.INFER).orElseThrow();
        assertThat(infer.examplesPerSec().median()).isPositive();
        assertThat(infer.gflops()).isPositive();
        assertThat(result.mode(Benchmark.Mode.DATA).orElseThrow().gflops()).isZero();
        assertThat(result.mode(Benchmark.Mode.TRAIN)).isEmpty();
        assertThat(result.input()).isEqualTo("random");

        JsonNode json = new ObjectMapper().valueToTree(result);
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        // As nin bench --json has always written them; no profile was asked for.
        assertThat(keys)
                .containsExactly(
                        "tool",
                        "versions",
                        "machine",
                        "threads",
                        "resize",
                        "batch_size",
                        "steps",
                        "warmup",
                        "repeat",
                        "input",
                        "precision",
                        "engine_check",
                        "peak_gflops",
                        "modes",
                        "peak_rss_bytes");
        List<String> rowKeys = new ArrayList<>();
        json.path("modes").path("infer").fieldNames().forEachRemaining(rowKeys::add);
        assertThat(rowKeys)
                .containsExactly(
                        "examples_per_sec",
                        "seconds_per_step",
                        "phases_seconds",
                        "gflops",
                        "share_of_peak");
        assertThat(json.path("modes").path("infer").path("phases_seconds").has("forward")).isTrue();
        assertThat(json.path("peak_gflops").path("median").asDouble()).isPositive();
        assertThat(infer.shareOfPeak()).isEqualTo(infer.gflops() / result.peakGflops().median());
        assertThat(json.path("engine_check").path("input").asText()).isEqualTo("2x1x67x67");
    }

    @Test
    void aBf16RunIsMeasuredAgainstTheBf16Peak() {
        BenchmarkResult result =
                Benchmark.builder()
                        .setArchitecture(NinArchitecture.seed())
                        .optResize(67)
                        .optBatchSize(2)
                        .optSteps(1)
                        .optWarmup(0)
                        .optRepeat(2)
                        .optModes(Benchmark.Mode.INFER)
                        .optCompute(ComputeChoice.defaults().withPrecision(PrecisionChoice.BF16))
                        .build()
                        .run();

        assertThat(result.precision()).isEqualTo("bf16");
        assertThat(result.peakBf16Gflops().median()).isPositive();
        BenchmarkResult.ModeResult infer = result.mode(Benchmark.Mode.INFER).orElseThrow();
        assertThat(infer.shareOfPeak())
                .isCloseTo(
                        infer.gflops() / result.peakBf16Gflops().median(),
                        org.assertj.core.data.Offset.offset(1e-9));
        JsonNode json = new ObjectMapper().valueToTree(result);
        assertThat(json.path("peak_bf16_gflops").path("median").asDouble()).isPositive();
    }

    @Test
    void badValuesAreOneLineWhenBuilt() {
        assertThatThrownBy(() -> Benchmark.builder().build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("a benchmark needs an architecture");
        assertThatThrownBy(
                        () ->
                                Benchmark.builder()
                                        .setArchitecture(NinArchitecture.seed())
                                        .optSteps(0)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(
                        () ->
                                Benchmark.builder()
                                        .setArchitecture(NinArchitecture.seed())
                                        .optResize(28)
                                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("resize 28 is too small")
                .hasMessageContaining("67");
        assertThatThrownBy(
                        () ->
                                Benchmark.builder()
                                        .setArchitecture(NinArchitecture.seed())
                                        .optModes()
                                        .build())
                .isInstanceOf(InvalidInputException.class);
    }
}
