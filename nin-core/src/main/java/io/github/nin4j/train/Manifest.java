package io.github.nin4j.train;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.github.nin4j.data.FashionMnistClass;
import io.github.nin4j.data.Preprocessing;
import io.github.nin4j.engine.EngineVerdict;
import io.github.nin4j.machine.Environment;
import io.github.nin4j.precision.Precision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A run's record of itself, owned by the library: what was asked, where it ran, on what data, what
 * the engine check found, and what happened. It is rewritten at every event and checkpoint, so an
 * interrupted run still has one.
 *
 * @param config the full training configuration
 * @param versions application, DJL and engine versions where the run first started (a resume
 *     records its own in its event)
 * @param machine operating system, processor and memory where the run first started (a resume
 *     records its own in its event)
 * @param device the device trained on, e.g. {@code cpu()}
 * @param threads the engine's intra-op threads
 * @param data where the data came from and the SHA-256 of its content
 * @param startedAt when the run first started, ISO-8601; each resume is a {@code resumed} event
 * @param endedAt when it ended, ISO-8601; null while running
 * @param status running, completed, interrupted, stopped, refused or imported
 * @param seeds the seeds initialisation used, the first being the configured one; a screening that
 *     chose another seed adds it, and so does each restart
 * @param events what happened, by type: screening, plateaus, restarts, dead classes, resumes,
 *     estimates
 * @param engineCheck what the engine check found before the run (or its latest resume) started, and
 *     the convolution layout the run uses; null before it has run
 * @param screening how many initialisations the run screens before its first step (1: none; see
 *     {@link SeedScreening}); null in manifests from before screening, which had none
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
        @JsonDeserialize(using = LegacyEventDeserializer.class) List<RunEvent> events,
        EngineVerdict engineCheck,
        Integer screening) {

    /** Copies the lists. */
    public Manifest {
        seeds = List.copyOf(seeds);
        events = List.copyOf(events);
    }

    /**
     * The manifest of a new run on this machine, running.
     *
     * @param config the recipe
     * @param data where the data came from, with checksums
     * @param device the device, e.g. {@code cpu()}
     * @return the manifest, with the configured seed and no events
     */
    public static Manifest begin(TrainingConfig config, Map<String, Object> data, String device) {
        return begin(config, data, device, 1);
    }

    /**
     * The manifest of a new run on this machine that screens initialisations, running.
     *
     * @param config the recipe
     * @param data where the data came from, with checksums
     * @param device the device, e.g. {@code cpu()}
     * @param screening how many initialisations it screens before its first step (1: none)
     * @return the manifest, with the configured seed and no events
     */
    public static Manifest begin(
            TrainingConfig config, Map<String, Object> data, String device, int screening) {
        return new Manifest(
                config,
                Environment.versions(),
                Environment.machine(),
                device,
                Environment.threads(),
                data,
                Instant.now().toString(),
                null,
                "running",
                List.of(config.seed()),
                List.of(),
                null,
                screening);
    }

    /**
     * The manifest of parameters imported rather than trained: the configuration they are for, the
     * file's checksum, and status {@code imported}. The configuration's network and input size
     * describe the parameters; its other settings (epochs, learning rate, ...) were chosen at
     * import so that {@code train --resume} has a recipe, and the {@link RunEvent.Imported} event
     * lists them, so that no reader takes them for a record of how the parameters were trained.
     *
     * @param config the network and input size the parameters are for, with a recipe to resume
     * @param file the imported file
     * @param sha256 its SHA-256
     * @param arrays how many arrays it held
     * @param defaultsAtImport the settings of {@code config} chosen at import, by their names in
     *     {@link TrainingConfig} (e.g. {@link TrainingConfig#EPOCHS})
     * @return the manifest
     */
    public static Manifest imported(
            TrainingConfig config,
            String file,
            String sha256,
            int arrays,
            List<String> defaultsAtImport) {
        Map<String, Object> data =
                Map.of("origin", "none: parameters imported from " + file, "sha256", sha256);
        Manifest begun = begin(config, data, "cpu()");
        return begun.with(new RunEvent.Imported(file, sha256, arrays, defaultsAtImport))
                .ended("imported", begun.startedAt());
    }

    /**
     * This run's manifest as it resumes: the stored recipe, seeds and events, where and when the
     * run first started, and this process's device, threads and configuration (a larger number of
     * epochs). The resume itself, with this machine and these versions, is a {@link
     * RunEvent.Resumed} event.
     *
     * @param config the configuration to continue with
     * @param device the device
     * @return the manifest, running
     */
    public Manifest resumed(TrainingConfig config, String device) {
        return new Manifest(
                config,
                versions,
                machine,
                device,
                Environment.threads(),
                data,
                startedAt,
                null,
                "running",
                seeds,
                events,
                null,
                screening);
    }

    /**
     * How the run's images became the network's input, from its data's provenance and input side.
     *
     * @return the preprocessing; {@link Preprocessing#forEvaluation()} for evaluating and
     *     predicting
     */
    public Preprocessing preprocessing() {
        return Preprocessing.of(data, config.resize());
    }

    /**
     * This manifest with the engine check's findings.
     *
     * @param verdict what the check found
     * @return a copy holding the verdict
     */
    public Manifest withEngineCheck(EngineVerdict verdict) {
        return copy(endedAt, status, seeds, events, verdict);
    }

    /**
     * This manifest with one more event; a restart also adds its seed.
     *
     * @param event what happened
     * @return a copy holding the event
     */
    public Manifest with(RunEvent event) {
        List<RunEvent> moreEvents = new ArrayList<>(events);
        moreEvents.add(event);
        List<Integer> moreSeeds = new ArrayList<>(seeds);
        if (event instanceof RunEvent.Restarted restarted) {
            moreSeeds.add(restarted.seed());
        } else if (event instanceof RunEvent.Screened screened
                && screened.chosen() != currentSeed()) {
            moreSeeds.add(screened.chosen());
        }
        return copy(endedAt, status, moreSeeds, moreEvents, engineCheck);
    }

    /**
     * This manifest with the run's end.
     *
     * @param finalStatus completed, interrupted, stopped or refused
     * @param at when, ISO-8601
     * @return a copy with the status and end time
     */
    public Manifest ended(String finalStatus, String at) {
        return copy(at, finalStatus, seeds, events, engineCheck);
    }

    private Manifest copy(
            String endedAt,
            String status,
            List<Integer> seeds,
            List<RunEvent> events,
            EngineVerdict engineCheck) {
        return new Manifest(
                config,
                versions,
                machine,
                device,
                threads,
                data,
                startedAt,
                endedAt,
                status,
                seeds,
                events,
                engineCheck,
                screening);
    }

    /**
     * The names of the classes the network was trained on, by label: recorded with the data, else
     * (runs from before they were recorded, imported parameters) Fashion-MNIST's.
     *
     * @return one name per class
     */
    public List<String> classNames() {
        if (data != null && data.get(TrainingLoop.CLASS_NAMES) instanceof List<?> names) {
            return names.stream().map(String::valueOf).toList();
        }
        return Arrays.stream(FashionMnistClass.values()).map(FashionMnistClass::label).toList();
    }

    /**
     * Whether a restart of the current seed was decided (a {@link RunEvent.Diagnosed} with action
     * restart) but not yet recorded as done (no {@link RunEvent.Restarted} from it): the run was
     * killed in between, and a resume restarts it before training, as the run would have.
     *
     * @return true when the current seed was condemned and the restart is still to happen
     */
    public boolean restartPending() {
        int seed = currentSeed();
        boolean decided = false;
        for (RunEvent event : events) {
            if (event instanceof RunEvent.Diagnosed d
                    && d.seed() == seed
                    && d.action() == OnPlateau.RESTART) {
                decided = true;
            } else if (event instanceof RunEvent.Restarted r && r.previousSeed() == seed) {
                decided = false;
            }
        }
        return decided;
    }

    /**
     * The restarts the run has taken so far.
     *
     * @return the number of {@link RunEvent.Restarted} events
     */
    public int restarts() {
        return (int) events.stream().filter(RunEvent.Restarted.class::isInstance).count();
    }

    /**
     * The precision the run's epochs were computed in, as its latest engine check chose it: float32
     * in manifests written before bf16; empty when no check found a precision right (killed before
     * the check ended, or refused).
     *
     * @return the precision, if the run has one
     */
    public Optional<Precision> precision() {
        return engineCheck == null || !engineCheck.right()
                ? Optional.empty()
                : Optional.of(Objects.requireNonNullElse(engineCheck.precision(), Precision.FP32));
    }

    /**
     * The seed being trained: the last one a restart or the screening chose, or the configured one.
     *
     * @return the current seed
     */
    public int currentSeed() {
        return seeds.get(seeds.size() - 1);
    }

    /**
     * The seeds trained so far, in order: {@link #seeds()} without the configured seed when a
     * screening only measured it and chose another.
     *
     * @return the seeds trained
     */
    public List<Integer> trainedSeeds() {
        boolean measuredOnly =
                screeningEvent().map(screened -> screened.chosen() != seeds.get(0)).orElse(false);
        return measuredOnly ? seeds.subList(1, seeds.size()) : seeds;
    }

    /**
     * How many initialisations the run screens before its first step.
     *
     * @return the candidates, 1 when it screens none (and for manifests from before screening)
     */
    public int screeningCandidates() {
        return screening == null ? 1 : screening;
    }

    /**
     * The screening of initialisations before the first step, if the run had one.
     *
     * @return the screening's event
     */
    public Optional<RunEvent.Screened> screeningEvent() {
        return events.stream()
                .filter(RunEvent.Screened.class::isInstance)
                .map(RunEvent.Screened.class::cast)
                .findFirst();
    }
}
