/**
 * The benchmark behind {@code nin bench}, as a library workflow: {@link
 * io.github.nin4j.bench.Benchmark} checks the engine, times, and returns a typed {@link
 * io.github.nin4j.bench.BenchmarkResult} (its JSON is {@code nin bench --json}); it prints nothing,
 * and a {@link io.github.nin4j.bench.BenchmarkListener} hears each row as it completes. {@link
 * io.github.nin4j.bench.EngineProfile} breaks one step down by operator with the engine's own
 * profiler.
 */
package io.github.nin4j.bench;
