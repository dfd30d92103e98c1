package io.github.nin4j.train;

import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.precision.Precision;
import io.github.nin4j.precision.PrecisionChoice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The one rule for what a run directory does when a run is asked of it: {@code nin train --resume},
 * the {@link TrainingLoop} and an experiment's cells (a requeued cluster task among them) all
 * decide through it.
 *
 * <ul>
 *   <li>No run in the directory: a new run starts there.
 *   <li>A run: every setting the caller fixed must equal the run's, except the number of epochs,
 *       which may grow; fixing fewer epochs than the run completed is a conflict.
 *   <li>The run continues in the precision its epochs were computed in; a precision choice that
 *       does not allow it is a conflict. A run that completed no epoch and saved no interrupted one
 *       ({@link BatchCheckpoint}) holds nothing computed: asked in another precision, it is
 *       discarded and starts afresh.
 *   <li>It continues after its last completed epoch, or after the batch where the next epoch was
 *       interrupted when that was saved; its completed epochs are those before.
 *   <li>Complete: every epoch done, its end recorded and no restart pending. A run killed after its
 *       last epoch and before its end was recorded resumes, and the resume records the end.
 * </ul>
 *
 * Conflicts are refused, in one line that names each setting as the caller's users know it.
 */
public final class ResumePolicy {

    /** The name of the precision in conflicts. */
    public static final String PRECISION = "precision";

    private final String subject;
    private final UnaryOperator<String> nameOf;
    private final String remedy;

    private ResumePolicy(String subject, UnaryOperator<String> nameOf, String remedy) {
        this.subject = subject;
        this.nameOf = nameOf;
        this.remedy = remedy;
    }

    /**
     * The policy with settings named as the library names them.
     *
     * @return the policy
     */
    public static ResumePolicy library() {
        return new ResumePolicy(
                "run",
                UnaryOperator.identity(),
                "keep the run's settings, or start a new run in another directory");
    }

    /**
     * The policy with the caller's words in its refusals.
     *
     * @param subject what the directory is to the user, e.g. {@code "run"} or {@code "cell"}
     * @param nameOf the user's name of each setting (e.g. its option)
     * @param remedy what the user can do about a conflict
     * @return the policy
     */
    public static ResumePolicy worded(String subject, UnaryOperator<String> nameOf, String remedy) {
        return new ResumePolicy(subject, nameOf, remedy);
    }

    /** What the directory does. */
    public enum State {
        /** No run to continue: a new run starts (after discarding one that computed nothing). */
        NEW,
        /** The run continues from its resume point. */
        RESUME,
        /** The run has nothing left to do. */
        COMPLETE
    }

    /**
     * Decides what the directory does; writes nothing.
     *
     * @param dir the run directory
     * @param asked the configuration asked for; for a continued run only its {@code fixed} settings
     *     count
     * @param fixed the settings the caller fixed ({@link TrainingConfig#EPOCHS} among them or not)
     * @param precision the precision asked for
     * @return the decision
     * @throws InvalidInputException on a conflict, or when the run directory cannot be read
     */
    public Resumption decide(
            Path dir, TrainingConfig asked, Set<String> fixed, PrecisionChoice precision) {
        Optional<RunDirectory> started = RunDirectory.started(dir);
        if (started.isEmpty()) {
            return new Resumption(State.NEW, dir, null, asked, precision, 0);
        }
        RunDirectory run = started.get();
        Manifest manifest = run.readManifest();
        TrainingConfig stored = manifest.config();
        TrainingConfig config =
                fixed.contains(TrainingConfig.EPOCHS) ? stored.withEpochs(asked.epochs()) : stored;
        List<String> conflicts = new ArrayList<>();
        stored.conflicts(asked, fixed)
                .forEach(c -> conflicts.add(conflict(c.setting(), String.valueOf(c.stored()))));
        Optional<Precision> recorded = manifest.precision();
        RunDirectory.ResumePoint point = run.resumePoint(manifest.currentSeed());
        boolean computed = run.hasCompletedEpoch() || point.partial() != null;
        if (recorded.isPresent() && !precision.allows(recorded.get())) {
            if (!computed) {
                // Nothing computed in the other precision is lost: start afresh.
                refuseIfAny(dir, conflicts);
                return new Resumption(State.NEW, dir, manifest, config, precision, 0);
            }
            conflicts.add(conflict(PRECISION, recorded.get().label()));
        }
        int done = point.completedEpochs();
        if (fixed.contains(TrainingConfig.EPOCHS) && done > asked.epochs()) {
            conflicts.add(conflict(TrainingConfig.EPOCHS, "completed " + done));
        }
        refuseIfAny(dir, conflicts);
        PrecisionChoice continued = recorded.map(PrecisionChoice::of).orElse(precision);
        boolean complete =
                done >= config.epochs()
                        && !manifest.restartPending()
                        && !"running".equals(manifest.status());
        return new Resumption(
                complete ? State.COMPLETE : State.RESUME, dir, manifest, config, continued, done);
    }

    private String conflict(String setting, String stored) {
        return nameOf.apply(setting) + " (" + subject + " has " + stored + ")";
    }

    private void refuseIfAny(Path dir, List<String> conflicts) {
        if (!conflicts.isEmpty()) {
            throw new InvalidInputException(
                    "cannot resume %s %s with a different configuration: %s; %s"
                            .formatted(subject, dir, String.join(", ", conflicts), remedy));
        }
    }

    /**
     * What a run directory does, as {@link #decide} found it.
     *
     * @param state new, resumed or complete
     * @param dir the directory
     * @param manifest the run's manifest; null when no run has started there
     * @param config the configuration to train with: the run's, with the epochs asked for if fixed
     * @param precision the precision to compute in: the run's where it has one
     * @param completedEpochs the epochs the resume continues after; 0 for a new run
     */
    public record Resumption(
            State state,
            Path dir,
            Manifest manifest,
            TrainingConfig config,
            PrecisionChoice precision,
            int completedEpochs) {

        /**
         * Opens the directory for the decided run: creates it for a new run, discarding a run that
         * computed nothing, or opens it to resume.
         *
         * @return the run directory
         * @throws IllegalStateException when the run is complete
         */
        public RunDirectory open() {
            return switch (state) {
                case NEW -> {
                    if (manifest != null) {
                        RunDirectory.openToResume(dir).discardUnfinished();
                    }
                    yield RunDirectory.create(dir);
                }
                case RESUME -> RunDirectory.openToResume(dir);
                case COMPLETE -> throw new IllegalStateException(dir + " is complete");
            };
        }
    }
}
