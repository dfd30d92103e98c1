package io.github.nin4j.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An experiment directory: variants as mean curves with their seeds' spread, and the report. */
class ViewExperimentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void variantsAsMeanCurvesWithTheirSpread() throws Exception {
        Path experiment = dir.resolve("experiment");
        RunFixtures.run(experiment.resolve("seed/seed-1"), 2, 2, 0.5);
        RunFixtures.run(experiment.resolve("seed/seed-2"), 2, 2, 0.7);
        // Still running: one epoch so far.
        RunFixtures.run(experiment.resolve("fc-head/seed-1"), 2, 1, 0.2);
        Files.writeString(
                experiment.resolve("report.csv"),
                "variant,description,runs\nseed,\"the seed's network, as is\",2\n");
        try (ViewServer view = ViewServer.start(List.of(experiment), ViewServer.LOOPBACK, 0)) {
            JsonNode s =
                    JSON.readTree(RunFixtures.get(view.address(), "/api/state").body())
                            .path("sources")
                            .get(0);
            assertThat(s.path("kind").asText()).isEqualTo("experiment");
            JsonNode variants = s.path("variants");
            assertThat(variants.size()).isEqualTo(2);
            JsonNode seed = variants.get(1);
            assertThat(seed.path("name").asText()).isEqualTo("seed");
            assertThat(seed.path("runs").size()).isEqualTo(2);
            // Epoch 2: test accuracies 0.7 and 0.9; mean 0.8, min 0.7, max 0.9.
            JsonNode epoch2 = seed.path("mean").path("test").get(1);
            assertThat(epoch2.get(0).asDouble()).isEqualTo(2.0);
            assertThat(epoch2.get(1).asDouble())
                    .isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(epoch2.get(2).asDouble())
                    .isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(epoch2.get(3).asDouble())
                    .isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(variants.get(0).path("mean").path("test").size()).isEqualTo(1);
            assertThat(s.path("table").get(1).get(1).asText())
                    .isEqualTo("the seed's network, as is");
        }
    }

    @Test
    void aGridOnAClusterShowsPendingCellsAndRequeues() throws Exception {
        Path experiment = dir.resolve("grid");
        Files.createDirectories(experiment);
        new io.github.nin4j.experiment.ExperimentPlan(
                        io.github.nin4j.experiment.ExperimentGrid.standard()
                                .withVariants(
                                        List.of(
                                                io.github.nin4j.experiment.Variant.standard(
                                                        "seed")))
                                .withSeeds(List.of(1, 2)),
                        List.of(),
                        List.of("--data", "d"))
                .write(experiment);
        var run = RunFixtures.run(experiment.resolve("seed/seed-1"), 2, 1, 0.5);
        run.writeManifest(
                run.readManifest()
                        .with(
                                new io.github.nin4j.train.RunEvent.Resumed(
                                        "now",
                                        1,
                                        java.util.Map.of("slurm_restart_count", "2"),
                                        java.util.Map.of(),
                                        null)));
        try (ViewServer view = ViewServer.start(List.of(experiment), ViewServer.LOOPBACK, 0)) {
            JsonNode s =
                    JSON.readTree(RunFixtures.get(view.address(), "/api/state").body())
                            .path("sources")
                            .get(0);
            assertThat(s.path("kind").asText()).isEqualTo("experiment");
            JsonNode runs = s.path("variants").get(0).path("runs");
            assertThat(runs.size()).isEqualTo(2);
            assertThat(runs.findValuesAsText("name")).containsExactlyInAnyOrder("seed-1", "seed-2");
            for (JsonNode r : runs) {
                if (r.path("name").asText().equals("seed-2")) {
                    assertThat(r.path("status").asText()).isEqualTo("pending");
                } else {
                    assertThat(r.path("status").asText()).isEqualTo("running");
                    assertThat(r.path("requeues").asInt()).isEqualTo(2);
                }
            }
        }
    }

    @Test
    void aReportKeptWithoutItsRunsShowsTheirHistories() throws Exception {
        Path results = Path.of("..", "docs", "results", "experiment-96px");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isRegularFile(results.resolve("report.json")), "no docs/results here");
        try (ViewServer view = ViewServer.start(List.of(results), ViewServer.LOOPBACK, 0)) {
            JsonNode s =
                    JSON.readTree(RunFixtures.get(view.address(), "/api/state").body())
                            .path("sources")
                            .get(0);
            assertThat(s.path("kind").asText()).isEqualTo("experiment");
            assertThat(s.path("variants").size()).isGreaterThan(1);
            for (JsonNode v : s.path("variants")) {
                assertThat(v.path("runs").size()).as(v.path("name").asText()).isPositive();
                assertThat(v.path("mean").path("test").size()).isPositive();
            }
            assertThat(s.path("table").size()).isGreaterThan(1);
        }
    }
}
