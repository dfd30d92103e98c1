package io.github.nin4j.train;

import io.github.nin4j.engine.EngineVerdict;
import java.util.List;
import java.util.Map;

/**
 * A run's record of itself: what was asked, where it ran, on what data, and what happened. It is
 * rewritten at every checkpoint, so an interrupted run still has one.
 *
 * @param config the full training configuration
 * @param versions application, DJL and engine versions
 * @param machine operating system, processor and memory
 * @param device the device trained on, e.g. {@code cpu()}
 * @param threads the engine's intra-op threads
 * @param data where the data came from and the SHA-256 of each file's content
 * @param startedAt when the run (or its latest resume) started, ISO-8601
 * @param endedAt when it ended, ISO-8601; null while running
 * @param status running, completed, interrupted, stopped or failed
 * @param seeds the seeds initialisation used, the first being the configured one; a restart adds
 *     one
 * @param events plateau and divergence findings and restarts, in order
 * @param engineCheck what the engine check found before the run (or its latest resume) started,
 *     and the convolution layout the run uses; null before it has run
 */
public record Manifest(
        TrainingConfig config,
        Map<String, String> versions,
        Map<String, String> machine,
        String device,
        int threads,
        Map<String, Object> data,
        String startedAt,
        String endedAt,
        String status,
        List<Integer> seeds,
        List<String> events,
        EngineVerdict engineCheck) {

    /**
     * This manifest with the engine check's findings.
     *
     * @param verdict what the check found
     * @return a copy holding the verdict
     */
    public Manifest withEngineCheck(EngineVerdict verdict) {
        return new Manifest(config, versions, machine, device, threads, data, startedAt, endedAt,
                status, seeds, events, verdict);
    }
}
