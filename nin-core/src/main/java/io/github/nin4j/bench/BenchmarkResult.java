package io.github.nin4j.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.github.nin4j.engine.EngineVerdict;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link Benchmark} measured, with what it ran on. Written as JSON (Jackson) it has the
 * snake_case keys that {@code nin bench --json} has always written and {@code bench/compare} reads.
 *
 * @param tool always {@code nin}
 * @param versions application, DJL and engine versions
 * @param machine operating system, processor and memory
 * @param threads the engine's intra-op threads
 * @param resize the image side
 * @param batchSize images per step
 * @param steps timed steps per repetition
 * @param warmup untimed steps before each mode
 * @param repeat repetitions per mode
 * @param input {@code real} or {@code random}
 * @param precision the NiN blocks' precision timed, {@code fp32} or {@code bf16}
 * @param engineCheck what the engine check found
 * @param peakGflops the engine's practical peak, GFLOP/s of a large convolution in float32
 * @param peakBf16Gflops the same convolution's GFLOP/s in bfloat16, measured when bf16 is timed
 *     (null otherwise); the rows' share of peak is then of this one
 * @param modes the rows by mode name ({@code train}, {@code infer}, {@code data}), in that order
 * @param profile the profiled step, or null when none was asked for
 * @param peakRssBytes the process's peak resident memory after the benchmark
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BenchmarkResult(
        String tool,
        Map<String, String> versions,
        Map<String, String> machine,
        int threads,
        int resize,
        int batchSize,
        int steps,
        int warmup,
        int repeat,
        String input,
        String precision,
        EngineVerdict engineCheck,
        Summary peakGflops,
        @JsonInclude(JsonInclude.Include.NON_NULL) Summary peakBf16Gflops,
        Map<String, ModeResult> modes,
        @JsonInclude(JsonInclude.Include.NON_NULL) Profile profile,
        long peakRssBytes) {

    /** Copies the maps, keeping their order. */
    public BenchmarkResult {
        versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
        machine = Collections.unmodifiableMap(new LinkedHashMap<>(machine));
        modes = Collections.unmodifiableMap(new LinkedHashMap<>(modes));
    }

    /**
     * One mode's row.
     *
     * @param mode which mode
     * @return its result, when it was timed
     */
    public Optional<ModeResult> mode(Benchmark.Mode mode) {
        return Optional.ofNullable(modes.get(mode.key()));
    }

    /**
     * One mode's timings over the repetitions.
     *
     * @param mode the mode (not written to JSON: it is the row's key)
     * @param examplesPerSec images per second: batch size / step time, per repetition
     * @param secondsPerStep seconds per step, per repetition
     * @param phasesSeconds the phases of the repetition whose step time is nearest the median
     * @param gflops achieved GFLOP/s: FLOPs per step / (median step time − that repetition's data
     *     wait); 0 for the data pipeline, which computes no network
     * @param shareOfPeak {@code gflops} / the engine's peak; 0 for the data pipeline
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties({"mode"})
    public record ModeResult(
            Benchmark.Mode mode,
            Summary examplesPerSec,
            Summary secondsPerStep,
            StepTimes phasesSeconds,
            double gflops,
            double shareOfPeak) {

        /** Summarises one mode's repetitions; {@code flopsPerStep} is 0 for the data pipeline. */
        static ModeResult of(
                Benchmark.Mode mode,
                List<StepTimes> reps,
                int batchSize,
                double flopsPerStep,
                double peak) {
            double[] examples = reps.stream().mapToDouble(t -> batchSize / t.total()).toArray();
            Summary perSecond = Summary.of(examples);
            Summary perStep = Summary.of(reps.stream().mapToDouble(StepTimes::total).toArray());
            StepTimes median =
                    reps.stream()
                            .min(
                                    Comparator.comparingDouble(
                                            t -> Math.abs(t.total() - perStep.median())))
                            .orElseThrow();
            double compute = perStep.median() - median.dataWait();
            double gflops = flopsPerStep > 0 ? flopsPerStep / compute / 1e9 : 0;
            return new ModeResult(
                    mode, perSecond, perStep, median, gflops, flopsPerStep > 0 ? gflops / peak : 0);
        }

        /**
         * Whether this mode computes the network, so that GFLOP/s mean something.
         *
         * @return false for the data pipeline
         */
        public boolean computes() {
            return mode != Benchmark.Mode.DATA;
        }
    }

    /**
     * One training step recorded by the engine's profiler.
     *
     * @param trace the Chrome trace written
     * @param totalMs milliseconds spent in operators
     * @param operators the slowest operators, as many as asked for
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Profile(
            @JsonSerialize(using = ToStringSerializer.class) Path trace,
            double totalMs,
            List<EngineProfile.Operator> operators) {

        /** Copies the list. */
        public Profile {
            operators = List.copyOf(operators);
        }
    }
}
