package io.github.nin4j.train.listener;

import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.train.Manifest;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.RunEvent;
import io.github.nin4j.train.RunListener;
import io.github.nin4j.train.RunStart;
import io.github.nin4j.train.TrainingResult;
import java.time.Instant;
import java.util.Locale;

/**
 * Keeps the run's {@link Manifest} current in the run directory: written as the run starts, after
 * the engine check, at every event, and with the final status at the end.
 */
public final class ManifestWriter implements RunListener {

    private final RunDirectory run;
    private Manifest manifest;

    /**
     * Creates the writer.
     *
     * @param run the run directory
     */
    public ManifestWriter(RunDirectory run) {
        this.run = run;
    }

    @Override
    public void onRunStart(RunStart start) {
        write(start.manifest());
    }

    @Override
    public void onEngineCheck(EngineVerdict verdict) {
        write(manifest.withEngineCheck(verdict));
    }

    @Override
    public void onEvent(RunEvent event) {
        write(manifest.with(event));
    }

    @Override
    public void onRunEnd(TrainingResult result) {
        write(
                manifest.ended(
                        result.status().name().toLowerCase(Locale.ROOT), Instant.now().toString()));
    }

    private void write(Manifest next) {
        manifest = next;
        run.writeManifest(manifest);
    }
}
