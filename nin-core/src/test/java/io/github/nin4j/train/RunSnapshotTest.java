package io.github.nin4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nin4j.model.NinArchitecture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run's snapshot from its manifest, history and live progress, and its JSON for the page. */
class RunSnapshotTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final TrainingConfig CONFIG =
            new TrainingConfig(NinArchitecture.seed(), 3, 0.1, 128, 224, 0, 1, OnPlateau.RESTART);

    private static Manifest running() {
        return Manifest.begin(CONFIG, Map.of("origin", "test"), "cpu()");
    }

    /** Completed epochs, five points each, test accuracy 0.1 * epoch. */
    private static TrainingHistory history(int epochs) {
        List<EpochMetrics> rows = new java.util.ArrayList<>();
        List<ProgressPoint> points = new java.util.ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            for (int i = 1; i <= 5; i++) {
                points.add(new ProgressPoint(e - 1 + i / 5.0, 2.0 / e, 0.2 * e));
            }
            rows.add(new EpochMetrics(e, 2.0 / e, 0.2 * e, 0.1 * e, 100, 10, 1));
        }
        return new TrainingHistory(rows, points);
    }

    private static LiveProgress live(int seed, int epoch, Double remaining) {
        return new LiveProgress(
                "training",
                seed,
                epoch,
                4,
                10,
                List.of(new ProgressPoint(epoch - 0.8, 1.5, 0.4)),
                250.0,
                remaining);
    }

    private static RunEvent.Resumed resumed(Map<String, String> machine) {
        return new RunEvent.Resumed("now", 1, machine, Map.of(), null);
    }

    @Test
    void requeuesAreTheLargestSlurmRestartCountOfTheResumes() {
        Manifest manifest =
                running()
                        .with(resumed(Map.of("slurm_restart_count", "2")))
                        .with(resumed(Map.of("slurm_restart_count", "1")))
                        .with(resumed(Map.of("cpu", "x")));
        assertThat(RunSnapshot.of("r", manifest, null, null).requeues()).isEqualTo(2);
    }

    @Test
    void aRunNeverRequeuedHasNoRequeueCount() {
        Manifest manifest =
                running()
                        .with(resumed(null))
                        .with(resumed(Map.of("slurm_restart_count", "not a number")));
        assertThat(RunSnapshot.of("r", manifest, null, null).requeues()).isNull();
        assertThat(RunSnapshot.of("r", running(), null, null).requeues()).isNull();
    }

    @Test
    void livePointsAreAddedForTheEpochAfterTheHistorysLastOnly() {
        RunSnapshot next = RunSnapshot.of("r", running(), history(1), live(1, 2, null));
        assertThat(next.points()).hasSize(6);
        assertThat(next.points().get(5)).isEqualTo(new ProgressPoint(1.2, 1.5, 0.4));
        assertThat(next.live()).isEqualTo(new RunSnapshot.Live("training", 2, 4, 10));
        assertThat(next.liveExamplesPerSecond()).isEqualTo(250.0);
        // The epoch ended: history.json holds its points already.
        RunSnapshot saved = RunSnapshot.of("r", running(), history(2), live(1, 2, null));
        assertThat(saved.points()).isEqualTo(history(2).points());
    }

    @Test
    void liveProgressOfAnotherSeedIsIgnored() {
        // Seed 1 was restarted with seed 2; the live file still describes seed 1.
        Manifest restarted = running().with(new RunEvent.Restarted(1, 2, 1));
        RunSnapshot snapshot = RunSnapshot.of("r", restarted, history(1), live(1, 2, 30.0));
        assertThat(snapshot.points()).hasSize(5);
        assertThat(snapshot.live()).isNull();
        assertThat(snapshot.liveExamplesPerSecond()).isNull();
        assertThat(snapshot.remainingSeconds()).isNull();
    }

    @Test
    void remainingSecondsOnlyWhileRunningTheLiveOnesOverTheEstimate() {
        Manifest estimated = running().with(new RunEvent.Estimated(100, 0.5));
        assertThat(RunSnapshot.of("r", estimated, null, null).remainingSeconds()).isEqualTo(100.0);
        assertThat(RunSnapshot.of("r", estimated, null, live(1, 1, 42.0)).remainingSeconds())
                .isEqualTo(42.0);
        Manifest ended = estimated.ended("completed", "later");
        assertThat(RunSnapshot.of("r", ended, null, null).remainingSeconds()).isNull();
        assertThat(RunSnapshot.of("r", ended, null, live(1, 1, 42.0)).remainingSeconds()).isNull();
    }

    @Test
    void describesTheManifest() {
        RunSnapshot snapshot =
                RunSnapshot.of(
                        "r", running().with(new RunEvent.Restarted(1, 2, 1)), history(2), null);
        assertThat(snapshot.status()).isEqualTo("running");
        assertThat(snapshot.seeds()).containsExactly(1, 2);
        assertThat(snapshot.plannedEpochs()).isEqualTo(3);
        assertThat(snapshot.events())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.type()).isEqualTo("restarted");
                            assertThat(e.text()).contains("seed 2");
                        });
        assertThat(snapshot.classes()).hasSize(10);
        assertThat(snapshot.examplesPerSecond()).isEqualTo(100.0);
        assertThat(snapshot.engineCheck()).isNull();
        assertThat(snapshot.problem()).isNull();
        assertThat(snapshot.withProblem("history.json is missing").problem())
                .isEqualTo("history.json is missing");
    }

    @Test
    void unreadableFilesGiveWhatIsKnown() {
        RunSnapshot noManifest = RunSnapshot.of("r", null, history(1), live(7, 2, 5.0));
        assertThat(noManifest.status()).isNull();
        assertThat(noManifest.points()).hasSize(6);
        // Without a status the run is not known to be running.
        assertThat(noManifest.remainingSeconds()).isNull();
        RunSnapshot nothing = RunSnapshot.of("r", running(), null, null);
        assertThat(nothing.epochs()).isEmpty();
        assertThat(nothing.points()).isEmpty();
        assertThat(nothing.examplesPerSecond()).isNull();
    }

    @Test
    void asJsonCurvesAreRowsAndAbsentValuesAreLeftOut() {
        JsonNode json =
                JSON.valueToTree(RunSnapshot.of("r", running(), history(1), live(1, 2, null)));
        assertThat(json.path("points").get(5).toString()).isEqualTo("[1.2,1.5,0.4]");
        assertThat(json.path("epochs").get(0).toString()).isEqualTo("[1,2.0,0.2,0.1,100.0]");
        assertThat(json.path("live").path("phase").asText()).isEqualTo("training");
        assertThat(json.path("config").path("epochs").asInt()).isEqualTo(3);
        assertThat(json.has("endedAt")).isFalse();
        assertThat(json.has("requeues")).isFalse();
        assertThat(json.has("problem")).isFalse();
        JsonNode pending = JSON.valueToTree(RunSnapshot.pending("seed-2"));
        assertThat(pending.path("status").asText()).isEqualTo(RunSnapshot.PENDING);
        assertThat(pending.has("events")).isFalse();
    }

    @Test
    void liveProgressKeepsItsFileFormat() throws Exception {
        // As nin train --view wrote it before the record: points as rows, rates left out.
        String written =
                "{\"phase\":\"training\",\"seed\":2,\"epoch\":3,\"batch\":4,\"batches\":10,"
                        + "\"points\":[[2.2,1.5,0.4],[2.4,\"NaN\",0.5]]}";
        LiveProgress live = JSON.readValue(written, LiveProgress.class);
        assertThat(live.points()).hasSize(2);
        assertThat(live.points().get(1).trainLoss()).isNaN();
        assertThat(live.examplesPerSecond()).isNull();
        assertThat(JSON.writeValueAsString(live)).isEqualTo(written);
        LiveProgress timed = new LiveProgress("done", 1, 1, 0, 10, List.of(), 12.5, 3.0);
        assertThat(JSON.readValue(JSON.writeValueAsString(timed), LiveProgress.class))
                .isEqualTo(timed);
    }
}
