package io.github.nin4j.bench;

import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.engine.LayoutTrial;

/**
 * What a {@link Benchmark} reports while it runs, for a console that shows rows as they complete.
 * The benchmark prints nothing itself. Every method does nothing by default.
 */
public interface BenchmarkListener {

    /**
     * The engine check is done and the network built; nothing is timed yet.
     *
     * @param verdict what the check found
     * @param timed the layout and precision that will be timed: the check's last trial, which
     *     computes wrong numbers only when the caller forced it
     */
    default void onStart(EngineVerdict verdict, LayoutTrial timed) {}

    /**
     * The engine's practical peak is measured.
     *
     * @param peakGflops GFLOP/s of a large convolution in float32, over the repetitions
     * @param peakBf16Gflops the same in bfloat16 when bf16 is timed, else null; the steps' share of
     *     peak is then of this one
     */
    default void onPeak(Summary peakGflops, Summary peakBf16Gflops) {}

    /**
     * One mode is timed.
     *
     * @param row its result
     */
    default void onMode(BenchmarkResult.ModeResult row) {}

    /**
     * The profiled training step is recorded.
     *
     * @param profile its slowest operators and the trace's path
     */
    default void onProfile(BenchmarkResult.Profile profile) {}
}
