package io.github.nin4j.train.listener;

import io.github.nin4j.train.BatchProgress;
import io.github.nin4j.train.OnPlateau;
import io.github.nin4j.train.PlateauDetector;
import io.github.nin4j.train.RunControl;
import io.github.nin4j.train.RunEvent;
import io.github.nin4j.train.RunListener;
import io.github.nin4j.train.RunStart;
import java.util.Optional;

/**
 * Watches for NiN's known failure (see {@link PlateauDetector}) and acts as the run's {@link
 * OnPlateau} says: warn, restart with a new seed, or stop. Once per seed; after {@link
 * #MAX_RESTARTS} restarts it only warns.
 */
public final class PlateauWatch implements RunListener {

    /** Restarts allowed before the run just warns. */
    public static final int MAX_RESTARTS = 3;

    private OnPlateau action = OnPlateau.WARN;
    private PlateauDetector detector;
    private int restarts;
    private boolean flagged;

    /**
     * How many more times a run starting as given may restart its current seed: only with {@link
     * OnPlateau#RESTART}, before that seed has finished its first epoch, and within {@link
     * #MAX_RESTARTS}.
     *
     * @param start the run as it starts or resumes
     * @return the restarts still possible, 0 when none
     */
    public static int restartsLeft(RunStart start) {
        if (start.config().onPlateau() != OnPlateau.RESTART || start.completedEpochs() > 0) {
            return 0;
        }
        return Math.max(0, MAX_RESTARTS - start.manifest().restarts());
    }

    @Override
    public void onRunStart(RunStart start) {
        action = start.config().onPlateau();
        detector = new PlateauDetector(start.config().architecture().classes());
        restarts = start.manifest().restarts();
        // A resumed run watches as the uninterrupted one would have: a seed already diagnosed is
        // not diagnosed again, and the detector has seen the seed's curve points so far, those
        // of an interrupted epoch included.
        int seed = start.manifest().currentSeed();
        flagged =
                start.manifest().events().stream()
                        .anyMatch(e -> e instanceof RunEvent.Diagnosed d && d.seed() == seed);
        if (!flagged) {
            start.history().points().forEach(detector::observe);
            if (start.partial() != null) {
                start.partial().points().forEach(detector::observe);
            }
        }
    }

    @Override
    public void onBatch(BatchProgress progress, RunControl control) {
        if (flagged) {
            return;
        }
        Optional<PlateauDetector.Diagnosis> diagnosis =
                detector.checkLoss(progress.epoch(), progress.batch(), progress.loss());
        if (diagnosis.isEmpty() && progress.point() != null) {
            diagnosis = detector.observe(progress.point());
        }
        diagnosis.ifPresent(d -> act(d, progress.seed(), control));
    }

    @Override
    public void onEvent(RunEvent event) {
        if (event instanceof RunEvent.Restarted) {
            restarts++;
            flagged = false;
            detector.reset();
        }
    }

    private void act(PlateauDetector.Diagnosis diagnosis, int seed, RunControl control) {
        flagged = true;
        OnPlateau taken =
                action == OnPlateau.RESTART && restarts >= MAX_RESTARTS ? OnPlateau.WARN : action;
        String explanation =
                taken == action
                        ? diagnosis.explanation()
                        : diagnosis.explanation()
                                + " All %s restarts are used up, so this seed trains on."
                                        .formatted(MAX_RESTARTS);
        control.publish(new RunEvent.Diagnosed(seed, diagnosis.kind(), taken, explanation));
        switch (taken) {
            case RESTART -> control.restart();
            case STOP -> control.stop();
            default -> {}
        }
    }
}
