package io.github.nin4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nin4j.model.BlockSpec;
import io.github.nin4j.model.Head;
import io.github.nin4j.model.NinArchitecture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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
        asWrittenBefore(
                run,
                json -> {
                    json.putArray("events")
                            .add("restart: reinitialised with seed 1000004 after epoch 0");
                    json.remove("engineCheck");
                });

        Manifest read = run.readManifest();
        assertThat(read.events())
                .containsExactly(
                        new RunEvent.Note(
                                "restart: reinitialised with seed 1000004 after epoch 0"));
        assertThat(read.engineCheck()).isNull();
        // No class names recorded: an earlier run trained on Fashion-MNIST.
        assertThat(read.classNames()).hasSize(10).startsWith("t-shirt").endsWith("ankle boot");
    }

    @Test
    void aResumeRecordedBeforeItsMachineWasReadsWithoutIt() throws IOException {
        RunDirectory run = RunDirectory.create(dir.resolve("resumed-before"));
        asWrittenBefore(
                run,
                json ->
                        json.putArray("events")
                                .addObject()
                                .put("type", "resumed")
                                .put("at", "2026-12-05T10:57:00Z")
                                .put("afterEpoch", 0));

        RunEvent.Resumed resumed = (RunEvent.Resumed) run.readManifest().events().get(0);
        assertThat(resumed.machine()).isNull();
        assertThat(resumed.describe()).isEqualTo("resumed at 2026-12-05T10:57:00Z after epoch 0");
    }

    @Test
    void aVariantArchitectureSurvivesTheManifest() throws IOException {
        NinArchitecture variant =
                NinArchitecture.builder()
                        .optBlocks(
                                List.of(BlockSpec.parse("16:5:1:2"), BlockSpec.parse("10:3:1:1")))
                        .optPointwise(1)
                        .optHead(Head.FULLY_CONNECTED)
                        .build();
        RunDirectory run = RunDirectory.create(dir.resolve("variant"));
        run.writeManifest(
                Manifest.begin(
                        new TrainingConfig(variant, 2, 0.1, 64, 28, 0, 1, OnPlateau.WARN),
                        Map.of("origin", "test"),
                        "cpu()"));

        JsonNode architecture =
                new ObjectMapper()
                        .readTree(run.file("manifest.json").toFile())
                        .path("config")
                        .path("architecture");
        assertThat(architecture.path("pointwise").asInt()).isEqualTo(1);
        assertThat(architecture.path("head").asText()).isEqualTo("FULLY_CONNECTED");
        assertThat(run.readManifest().config().architecture()).isEqualTo(variant);
    }

    @Test
    void aManifestFromBeforeTheVariantsReadsAsTheSeed() throws IOException {
        RunDirectory run = RunDirectory.create(dir.resolve("before-variants"));
        JsonNode architecture =
                asWrittenBefore(
                                run,
                                json -> {
                                    ObjectNode fields =
                                            (ObjectNode) json.path("config").path("architecture");
                                    fields.remove("pointwise");
                                    fields.remove("head");
                                })
                        .path("config")
                        .path("architecture");
        // What such a manifest held: the seed's architecture had these three fields and no more.
        assertThat(architecture.fieldNames())
                .toIterable()
                .containsExactly("inputChannels", "blocks", "dropout");

        NinArchitecture read = run.readManifest().config().architecture();
        assertThat(read).isEqualTo(NinArchitecture.seed());
        assertThat(read.pointwise()).isEqualTo(2);
        assertThat(read.head()).isEqualTo(Head.GLOBAL_AVERAGE_POOL);
    }

    /**
     * Writes a new manifest into the run, then edits its JSON into what an earlier version wrote.
     *
     * @return the edited JSON
     */
    private static ObjectNode asWrittenBefore(RunDirectory run, Consumer<ObjectNode> edit)
            throws IOException {
        run.writeManifest(Manifest.begin(CONFIG, Map.of("origin", "test"), "cpu()"));
        ObjectMapper mapper = new ObjectMapper();
        Path file = run.file("manifest.json");
        ObjectNode json = (ObjectNode) mapper.readTree(file.toFile());
        edit.accept(json);
        mapper.writeValue(file.toFile(), json);
        return json;
    }
}
