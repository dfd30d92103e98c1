package io.github.nin4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nin4j.model.NinArchitecture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

    private static final TrainingConfig CONFIG =
            new TrainingConfig(NinArchitecture.seed(), 10, 0.1, 128, 224, 0, 1, OnPlateau.WARN);

    @TempDir Path dir;

    @Test
    void typedEventsAndSeedsSurviveTheRunDirectory() {
        RunDirectory run = RunDirectory.create(dir.resolve("run"));
        Manifest manifest =
                Manifest.begin(CONFIG, Map.of("origin", "test"), "cpu()")
                        .with(
                                new RunEvent.Diagnosed(
                                        1,
                                        PlateauDetector.Diagnosis.Kind.STUCK_AT_CHANCE,
                                        OnPlateau.RESTART,
                                        "stuck"))
                        .with(new RunEvent.Restarted(1, 1_000_004, 0))
                        .ended("completed", "now");
        run.writeManifest(manifest);

        Manifest read = run.readManifest();
        assertThat(read).isEqualTo(manifest);
        assertThat(read.seeds()).containsExactly(1, 1_000_004);
        assertThat(read.currentSeed()).isEqualTo(1_000_004);
    }

    @Test
    void anEarlierVersionsSentencesAreReadAsNotes() throws IOException {
        RunDirectory run = RunDirectory.create(dir.resolve("old"));
        run.writeManifest(Manifest.begin(CONFIG, Map.of("origin", "test"), "cpu()"));
        ObjectMapper mapper = new ObjectMapper();
        Path file = run.file("manifest.json");
        ObjectNode json = (ObjectNode) mapper.readTree(file.toFile());
        json.putArray("events").add("restart: reinitialised with seed 1000004 after epoch 0");
        json.remove("engineCheck");
        mapper.writeValue(file.toFile(), json);

        Manifest read = run.readManifest();
        assertThat(read.events())
                .containsExactly(
                        new RunEvent.Note(
                                "restart: reinitialised with seed 1000004 after epoch 0"));
        assertThat(read.engineCheck()).isNull();
        // No class names recorded: an earlier run trained on Fashion-MNIST.
        assertThat(read.classNames()).hasSize(10).startsWith("t-shirt").endsWith("ankle boot");
    }
}
