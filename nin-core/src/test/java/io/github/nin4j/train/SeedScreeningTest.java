package io.github.nin4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.github.nin4j.base.InvalidValueException;
import io.github.nin4j.compute.ComputeChoice;
import io.github.nin4j.compute.ComputePlan;
import io.github.nin4j.data.FashionMnist;
import io.github.nin4j.data.LearnableImages;
import io.github.nin4j.data.Preprocessing;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.TestArchitectures;
import io.github.nin4j.train.listener.RunListeners;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedScreeningTest {

    private static final NinArchitecture SMALL = TestArchitectures.SMALL;

    private static final FashionMnist DATA = LearnableImages.data(1024, 256);

    private static final int STEP = TrainingLoop.RESTART_SEED_STEP;

    @TempDir Path dir;

    private static InitialStatistics stats(int seed, double firstGradient) {
        return new InitialStatistics(seed, 8, 5, 1, 2.3, 0.1, 0.01, firstGradient, 0.003);
    }

    @Test
    void candidatesAreTheSeedThenTheSeedsARestartWouldTake() {
        assertThat(SeedScreening.candidates(5, 4))
                .containsExactly(5, 5 + STEP, 5 + 2 * STEP, 5 + 3 * STEP);
        assertThat(SeedScreening.candidates(5, 1)).containsExactly(5);
        assertThatThrownBy(() -> SeedScreening.candidates(5, 0))
                .hasMessage("screen 1 to 64 candidates, got 0");
    }

    @Test
    void rankingPutsTheLargestFirstGradientFirstAndANaNLast() {
        List<InitialStatistics> measured =
                List.of(stats(1, 1e-3), stats(2, Double.NaN), stats(3, 3e-3), stats(4, 1e-3));
        // Ties keep the order drawn: 1 before 4.
        assertThat(SeedScreening.ranking(measured)).containsExactly(3, 1, 4, 2);
    }

    @Test
    void aRestartTakesTheNextCandidateThenStepsPastEveryTriedSeed() {
        List<Integer> ranking = List.of(30, 10, 40, 20);
        assertThat(SeedScreening.next(ranking, List.of(30))).isEqualTo(10);
        assertThat(SeedScreening.next(ranking, List.of(30, 10, 40))).isEqualTo(20);
        assertThat(SeedScreening.next(ranking, List.of(30, 10, 40, 20))).isEqualTo(20 + STEP);
        // Without screening a restart adds the step to the seed, as it always has.
        assertThat(SeedScreening.next(List.of(), List.of(7))).isEqualTo(7 + STEP);
        assertThat(SeedScreening.next(List.of(), List.of(7, 7 + STEP))).isEqualTo(7 + 2 * STEP);
        assertThat(SeedScreening.next(List.of(), List.of(7 + STEP, 7))).isEqualTo(7 + 2 * STEP);
    }

    private static TrainingConfig config(int seed, int epochs) {
        return new TrainingConfig(SMALL, epochs, 0.1, 64, 28, 128, seed, OnPlateau.WARN);
    }

    private static TrainingResult train(
            TrainingConfig config,
            RunDirectory run,
            int candidates,
            boolean resume,
            int stopAfter) {
        List<RunListener> listeners = new ArrayList<>(RunListeners.standard(run));
        listeners.add(
                new RunListener() {
                    @Override
                    public void onEpoch(EpochResult result, RunControl control) {
                        if (result.metrics().epoch() == stopAfter) {
                            control.interrupt();
                        }
                    }
                });
        return TrainingLoop.builder()
                .setConfig(config)
                .setData(DATA)
                .setRunDirectory(run)
                .optCompute(ComputeChoice.defaults())
                .optScreening(candidates)
                .optResume(resume)
                .addListeners(listeners)
                .build()
                .run();
    }

    private static List<Double> losses(TrainingHistory history) {
        return history.epochs().stream().map(EpochMetrics::trainLoss).toList();
    }

    @Test
    void aScreenedRunTrainsTheBestCandidateExactlyAsThatSeedAloneAndRecordsThemAll() {
        RunDirectory run = RunDirectory.create(dir.resolve("screened"));
        TrainingResult screened = train(config(7, 2), run, 3, false, 0);

        List<RunEvent.Screened> events =
                TrainingLoopTest.eventsOf(screened, RunEvent.Screened.class);
        assertThat(events).hasSize(1);
        RunEvent.Screened event = events.get(0);
        assertThat(event.candidates())
                .extracting(InitialStatistics::seed)
                .containsExactly(7, 7 + STEP, 7 + 2 * STEP);
        // Each candidate is measured as `nin seeds` measures it, on the run's first images.
        ComputePlan plan = ComputePlan.of(ComputeChoice.defaults().check(SMALL, 28), Device.cpu());
        InitialisationProbe probe =
                new InitialisationProbe(
                        SMALL, plan, Preprocessing.of(DATA.provenance(), 28), DATA.train());
        for (InitialStatistics candidate : event.candidates()) {
            assertThat(candidate.images()).isEqualTo(128);
            assertThat(candidate).isEqualTo(probe.measure(candidate.seed(), 128));
        }
        InitialStatistics best =
                event.candidates().stream()
                        .max((a, b) -> Double.compare(a.firstGradient(), b.firstGradient()))
                        .orElseThrow();
        assertThat(event.chosen()).isEqualTo(best.seed());

        Manifest manifest = run.readManifest();
        assertThat(manifest.screeningEvent()).contains(event);
        assertThat(manifest.currentSeed()).isEqualTo(event.chosen());
        assertThat(manifest.config().seed()).isEqualTo(7);

        // Screening only chooses: the chosen seed trains as a run of that seed does.
        TrainingResult alone =
                train(
                        config(event.chosen(), 2),
                        RunDirectory.create(dir.resolve("alone")),
                        1,
                        false,
                        0);
        assertThat(alone.events()).noneMatch(RunEvent.Screened.class::isInstance);
        assertThat(losses(screened.history())).isEqualTo(losses(alone.history()));
    }

    @Test
    void aResumedRunKeepsItsScreeningAndItsChoice() {
        RunDirectory run = RunDirectory.create(dir.resolve("resumed"));
        TrainingResult first = train(config(7, 2), run, 3, false, 1);
        assertThat(first.status()).isEqualTo(TrainingStatus.INTERRUPTED);
        int chosen = run.readManifest().currentSeed();

        assertThat(run.readManifest().screening()).isEqualTo(3);

        // It screens as it started, whatever the resuming caller asks.
        TrainingResult resumed = train(config(7, 2), run, 1, true, 0);
        assertThat(resumed.status()).isEqualTo(TrainingStatus.COMPLETED);
        Manifest manifest = run.readManifest();
        assertThat(manifest.events()).filteredOn(RunEvent.Screened.class::isInstance).hasSize(1);
        assertThat(manifest.currentSeed()).isEqualTo(chosen);
        TrainingResult uninterrupted =
                train(config(7, 2), RunDirectory.create(dir.resolve("whole")), 3, false, 0);
        assertThat(losses(resumed.history())).isEqualTo(losses(uninterrupted.history()));
    }

    @Test
    void aRestartAfterScreeningTakesTheNextCandidateInRank() {
        RunDirectory run = RunDirectory.create(dir.resolve("restarted"));
        RunListener condemnFirst =
                new RunListener() {
                    private boolean done;

                    @Override
                    public void onEpoch(EpochResult result, RunControl control) {
                        if (!done) {
                            done = true;
                            control.publish(
                                    new RunEvent.Diagnosed(
                                            result.seed(),
                                            PlateauDetector.Diagnosis.Kind.STUCK_AT_CHANCE,
                                            OnPlateau.RESTART,
                                            "condemned by the test"));
                            control.restart();
                        }
                    }
                };
        TrainingResult result =
                TrainingLoop.builder()
                        .setConfig(config(7, 1))
                        .setData(DATA)
                        .setRunDirectory(run)
                        .optScreening(3)
                        .addListeners(RunListeners.standard(run))
                        .addListeners(condemnFirst)
                        .build()
                        .run();
        assertThat(result.status()).isEqualTo(TrainingStatus.COMPLETED);
        Manifest manifest = run.readManifest();
        List<Integer> ranking = manifest.screeningEvent().orElseThrow().ranking();
        List<RunEvent.Restarted> restarts =
                TrainingLoopTest.eventsOf(result, RunEvent.Restarted.class);
        assertThat(restarts).hasSize(1);
        assertThat(restarts.get(0).previousSeed()).isEqualTo(ranking.get(0));
        assertThat(restarts.get(0).seed()).isEqualTo(ranking.get(1));
        assertThat(manifest.currentSeed()).isEqualTo(ranking.get(1));
    }

    @Test
    void theBuilderRefusesANumberOfCandidatesOutOfRange() {
        TrainingLoop.Builder builder =
                TrainingLoop.builder()
                        .setConfig(config(7, 1))
                        .setData(DATA)
                        .setRunDirectory(RunDirectory.create(dir.resolve("refused")))
                        .optScreening(0);
        assertThatThrownBy(builder::build)
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(
                        "must be 1 (the seed's own initialisation) to 64 candidates, got 0");
    }
}
