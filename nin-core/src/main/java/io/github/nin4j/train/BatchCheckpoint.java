package io.github.nin4j.train;

import ai.djl.Model;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import io.github.nin4j.compute.ParameterSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checkpoint of an epoch interrupted at a batch boundary, beside the run directory's last
 * completed epoch: {@code partial.json} holds the epoch so far ({@link PartialEpoch}) and names the
 * parameters after its last step, {@code params/partial-BBBBBB-EEEE.params} (after batch B of epoch
 * E), with their SHA-256. The parameter file is written and read as an epoch's is (DJL's {@code
 * Model.save} and {@code Model.load}, checked first), and is written first; {@code partial.json} is
 * written last, each atomically. Every save names a file of its own and removes the others only
 * once {@code partial.json} names the new one, so a kill at any moment leaves the previous partial
 * checkpoint or the new one, whole.
 *
 * <p>A resume continues it when it belongs to the seed being trained and to the epoch after the
 * last completed one ({@link #find}); any other is stale and ignored. It is removed once its epoch
 * completes, when the seed is restarted, and when a run starts without continuing it.
 */
public final class BatchCheckpoint {

    /** The file that records the interrupted epoch and names its parameters. */
    public static final String FILE = "partial.json";

    private static final String PARAMETERS_PREFIX = "partial-";

    private static final Pattern PARAMETERS =
            Pattern.compile("params/partial-\\d{6,}-\\d{4,}\\.params");

    private final RunDirectory run;

    /**
     * The partial checkpoint of a run directory.
     *
     * @param run the run directory
     */
    public BatchCheckpoint(RunDirectory run) {
        this.run = run;
    }

    /**
     * What {@code partial.json} holds.
     *
     * @param progress the interrupted epoch so far
     * @param parameters the parameter file after its last step, relative to the run directory
     * @param sha256 the parameter file's SHA-256
     */
    public record Saved(PartialEpoch progress, String parameters, String sha256) {}

    /**
     * Saves an interrupted epoch: its parameters, then {@code partial.json}, then removes the
     * parameters of an earlier partial checkpoint.
     *
     * @param progress the epoch so far
     * @param model the network's model after the epoch's last step
     */
    public void save(PartialEpoch progress, Model model) {
        // DJL names a file after its model and epoch (Model.save): here "partial-BBBBBB" and E.
        String name =
                String.format(
                        Locale.ROOT,
                        "params/%s%06d-%04d.params",
                        PARAMETERS_PREFIX,
                        progress.batch(),
                        progress.epoch());
        String sha256 = ParameterFile.save(model, run.file(name), progress.epoch());
        run.writeJson(FILE, new Saved(progress, name, sha256));
        String kept = Path.of(name).getFileName().toString();
        RunDirectory.remove(
                run.file("params"), file -> isParameterFile(file) && !file.equals(kept));
    }

    /**
     * The partial checkpoint a resume continues: one of the given seed, in the epoch after the
     * completed ones. Writes nothing.
     *
     * @param seed the seed being trained
     * @param completedEpochs the epochs the resume continues after
     * @return the checkpoint, or empty when there is none or it is stale
     * @throws InvalidInputException when {@code partial.json} cannot be read
     */
    public Optional<Saved> find(int seed, int completedEpochs) {
        if (!Files.isRegularFile(run.file(FILE))) {
            return Optional.empty();
        }
        Saved saved = read();
        PartialEpoch progress = saved.progress();
        return progress.seed() == seed && progress.epoch() == completedEpochs + 1
                ? Optional.of(saved)
                : Optional.empty();
    }

    /**
     * The parameters a partial checkpoint names, checked against its SHA-256 as an epoch's are, as
     * a source for {@code NinModel.Builder.optParameters}.
     *
     * @param saved the checkpoint, from {@link #find}
     * @return the source
     */
    public ParameterSource parameters(Saved saved) {
        return new ParameterSource() {
            @Override
            public void loadInto(Model model) {
                ParameterFile.load(run.file(saved.parameters()), saved.sha256(), model);
            }

            @Override
            public String description() {
                return "partial checkpoint " + run.file(saved.parameters());
            }

            @Override
            public String remedy() {
                return "the run diverged (see its manifest.json) or the file was altered; delete "
                        + run.file(FILE)
                        + " to resume from the start of epoch "
                        + saved.progress().epoch();
            }
        };
    }

    /**
     * Removes the partial checkpoint: {@code partial.json} first, then its parameters, so that no
     * {@code partial.json} is left naming a missing file, and the temporary files of a save that
     * was killed.
     */
    public void discard() {
        try {
            Files.deleteIfExists(run.file(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot remove " + run.file(FILE) + ": " + Reasons.of(e), e);
        }
        // A save killed midway leaves, hidden beside its target, AtomicFile's temporary file or
        // the folder Model.save wrote into.
        RunDirectory.remove(
                run.file("params"),
                name -> isParameterFile(name) || name.startsWith("." + PARAMETERS_PREFIX));
        RunDirectory.remove(run.root(), name -> name.startsWith("." + FILE + "."));
    }

    private Saved read() {
        Path file = run.file(FILE);
        Saved saved;
        try (InputStream in = Files.newInputStream(file)) {
            saved = RunDirectory.JSON.readValue(in, Saved.class);
        } catch (JsonProcessingException e) {
            throw corrupt(
                    Reasons.withoutPackages(e.getOriginalMessage().lines().findFirst().orElse("")),
                    e);
        } catch (IOException | RuntimeException e) {
            throw corrupt(Reasons.of(e), e);
        }
        String problem;
        if (saved == null || saved.progress() == null) {
            problem = "it holds no epoch";
        } else if (saved.parameters() == null
                || !PARAMETERS.matcher(saved.parameters()).matches()) {
            problem = "parameters must name a partial file in params/, got " + saved.parameters();
        } else if (saved.sha256() == null) {
            problem = "it has no sha256";
        } else {
            problem = saved.progress().problem();
        }
        if (problem != null) {
            throw corrupt(problem, null);
        }
        return saved;
    }

    private InvalidInputException corrupt(String why, Throwable cause) {
        return new InvalidInputException(
                ("run directory %s is corrupt: %s cannot be read (%s); delete it to resume from"
                                + " the start of the interrupted epoch")
                        .formatted(run.root(), FILE, why),
                cause);
    }

    private static boolean isParameterFile(String name) {
        return name.startsWith(PARAMETERS_PREFIX) && name.endsWith(".params");
    }
}
