package io.github.nin4j.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import io.github.nin4j.model.Head;
import io.github.nin4j.precision.Precision;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an experiment runs: every variant with every seed, at one size. The defaults are the seed's
 * recipe (224 px, 10 epochs, all the data, batch 128) with the standard variants and seeds 1, 2 and
 * 3; a CPU affords smaller sizes ({@code resize}, {@code epochs}, {@code limit}).
 *
 * @param variants the variants, in report order, with distinct names
 * @param seeds the seeds every variant is trained with, distinct
 * @param resize the side the images are resized to
 * @param epochs epochs per run
 * @param limit examples of each split used; 0 for all
 * @param batchSize examples per batch
 */
public record ExperimentGrid(
        List<Variant> variants,
        List<Integer> seeds,
        int resize,
        int epochs,
        int limit,
        int batchSize) {

    /** The keys a grid file may hold. */
    static final List<String> KEYS =
            List.of("variants", "seeds", "resize", "epochs", "limit", "batch_size");

    private static final List<String> VARIANT_KEYS =
            List.of("name", "description", "pointwise", "head", "lr", "precision");

    /** A variant's precisions as a grid file spells them, as {@code --precision} does. */
    private static final Map<String, Precision> PRECISIONS =
            Map.of("fp32", Precision.FP32, "bf16", Precision.BF16);

    /** Validates the grid. */
    public ExperimentGrid {
        variants = List.copyOf(variants);
        seeds = List.copyOf(seeds);
        if (variants.isEmpty()) {
            throw new InvalidInputException("an experiment needs at least one variant");
        }
        if (seeds.isEmpty()) {
            throw new InvalidInputException("an experiment needs at least one seed");
        }
        Set<String> names = new HashSet<>();
        for (Variant v : variants) {
            if (!names.add(v.name())) {
                throw new InvalidInputException(
                        "variant '" + v.name() + "' appears twice; give each variant its own name");
            }
        }
        if (new HashSet<>(seeds).size() != seeds.size()) {
            throw new InvalidInputException("seeds " + seeds + " repeat one; give distinct seeds");
        }
        if (epochs < 1 || batchSize < 1 || limit < 0 || resize < 1) {
            throw new InvalidInputException(
                    String.format(
                            "epochs (%d) and batch size (%d) must be at least 1, resize (%d) at"
                                    + " least 1 and limit (%d) at least 0",
                            epochs, batchSize, resize, limit));
        }
    }

    /**
     * The seed's recipe with the standard variants and seeds 1, 2 and 3.
     *
     * @return the default grid
     */
    public static ExperimentGrid standard() {
        return new ExperimentGrid(Variant.standard(), List.of(1, 2, 3), 224, 10, 0, 128);
    }

    /**
     * This grid with other variants.
     *
     * @param newVariants the variants
     * @return a new grid
     */
    public ExperimentGrid withVariants(List<Variant> newVariants) {
        return new ExperimentGrid(newVariants, seeds, resize, epochs, limit, batchSize);
    }

    /**
     * This grid with other seeds.
     *
     * @param newSeeds the seeds
     * @return a new grid
     */
    public ExperimentGrid withSeeds(List<Integer> newSeeds) {
        return new ExperimentGrid(variants, newSeeds, resize, epochs, limit, batchSize);
    }

    /**
     * This grid at another size.
     *
     * @param newResize the image side
     * @param newEpochs the epochs
     * @param newLimit the examples per split, 0 for all
     * @param newBatchSize the batch size
     * @return a new grid
     */
    public ExperimentGrid withSize(int newResize, int newEpochs, int newLimit, int newBatchSize) {
        return new ExperimentGrid(variants, seeds, newResize, newEpochs, newLimit, newBatchSize);
    }

    /**
     * This grid as a grid file holds it, every variant an object with every key, so that {@link
     * #read} gives the same grid back.
     *
     * @return the JSON object
     */
    public ObjectNode toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode variantNodes = root.putArray("variants");
        for (Variant v : variants) {
            variantNodes
                    .addObject()
                    .put("name", v.name())
                    .put("description", v.description())
                    .put("pointwise", v.pointwise())
                    .put("head", v.head().cliName())
                    .put("lr", v.learningRate())
                    .put("precision", v.precision().label());
        }
        ArrayNode seedNodes = root.putArray("seeds");
        seeds.forEach(seedNodes::add);
        root.put("resize", resize)
                .put("epochs", epochs)
                .put("limit", limit)
                .put("batch_size", batchSize);
        return root;
    }

    /**
     * Reads a grid file: a JSON object with any of {@code variants} (standard names, or objects
     * with {@code name}, {@code description}, {@code pointwise}, {@code head}, {@code lr} and
     * {@code precision}, {@code fp32} or {@code bf16}, each defaulting to the seed's), {@code
     * seeds}, {@code resize}, {@code epochs}, {@code limit} and {@code batch_size}. Keys left out
     * keep {@link #standard()}'s values. Unknown keys and values of the wrong type are refused.
     *
     * @param file the grid file
     * @return the grid
     * @throws InvalidInputException naming the file and the key when the file cannot be used
     */
    public static ExperimentGrid read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("grid file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(
                    "grid file %s is not valid JSON (line %d): %s"
                            .formatted(file, e.getLocation().getLineNr(), e.getOriginalMessage()),
                    e);
        } catch (CharacterCodingException e) {
            // Java's message names the exception's class, not the file's encoding, which is what
            // a user can fix (docs/notes/fuzzing.md).
            throw new InvalidInputException(
                    "grid file " + file + " is not UTF-8 text; save it as UTF-8 JSON", e);
        } catch (IOException e) {
            throw new InvalidInputException(
                    "cannot read grid file " + file + ": " + Reasons.of(e), e);
        }
        return of(root, file);
    }

    /** The grid of a grid file's JSON, checked as {@link #read} says; errors name the file. */
    static ExperimentGrid of(JsonNode root, Path file) {
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(
                    "grid file " + file + " must hold one JSON object, e.g. {\"epochs\": 2}");
        }
        GridReader reader = new GridReader(file);
        reader.checkKeys(root, KEYS, "");
        ExperimentGrid base = standard();
        List<Variant> variants =
                root.has("variants") ? reader.variants(root.get("variants")) : base.variants();
        List<Integer> seeds = root.has("seeds") ? reader.seeds(root.get("seeds")) : base.seeds();
        return new ExperimentGrid(
                variants,
                seeds,
                reader.integer(root, "resize", base.resize()),
                reader.integer(root, "epochs", base.epochs()),
                reader.integer(root, "limit", base.limit()),
                reader.integer(root, "batch_size", base.batchSize()));
    }

    /** Strict reading of a grid file's values, each error naming the file and the key. */
    private record GridReader(Path file) {

        void checkKeys(JsonNode object, List<String> known, String where) {
            for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    throw error(
                            where + key,
                            "is not a known key; known keys are " + String.join(", ", known));
                }
            }
        }

        int integer(JsonNode object, String key, int fallback) {
            return integer(object, key, fallback, key);
        }

        int integer(JsonNode object, String key, int fallback, String where) {
            JsonNode node = object.get(key);
            if (node == null) {
                return fallback;
            }
            if (!node.isInt()) {
                throw error(where, "must be a whole number, got " + node);
            }
            return node.intValue();
        }

        Precision precision(JsonNode object, Precision fallback, String where) {
            JsonNode node = object.get("precision");
            if (node == null) {
                return fallback;
            }
            Precision precision = node.isTextual() ? PRECISIONS.get(node.textValue()) : null;
            if (precision == null) {
                throw error(where, "must be fp32 or bf16, got " + node);
            }
            return precision;
        }

        List<Integer> seeds(JsonNode node) {
            if (!node.isArray()) {
                throw error("seeds", "must be a list of whole numbers, e.g. [1, 2, 3]");
            }
            List<Integer> seeds = new ArrayList<>();
            for (JsonNode seed : node) {
                if (!seed.isInt()) {
                    throw error("seeds", "must hold whole numbers, got " + seed);
                }
                seeds.add(seed.intValue());
            }
            return seeds;
        }

        List<Variant> variants(JsonNode node) {
            if (!node.isArray()) {
                throw error(
                        "variants",
                        "must be a list of standard names or objects, e.g. [\"seed\", \"no-1x1\"]");
            }
            List<Variant> variants = new ArrayList<>();
            for (JsonNode entry : node) {
                variants.add(variant(entry));
            }
            return variants;
        }

        private Variant variant(JsonNode entry) {
            if (entry.isTextual()) {
                try {
                    return Variant.standard(entry.textValue());
                } catch (InvalidInputException e) {
                    throw error("variants", Reasons.of(e));
                }
            }
            if (!entry.isObject()) {
                throw error("variants", "must hold names or objects, got " + entry);
            }
            checkKeys(entry, VARIANT_KEYS, "variants.");
            JsonNode name = entry.get("name");
            if (name == null || !name.isTextual()) {
                throw error("variants", "each object needs a \"name\", got " + entry);
            }
            String where = "variants." + name.textValue() + ".";
            Variant seed = Variant.standard("seed");
            JsonNode lr = entry.get("lr");
            if (lr != null && !lr.isNumber()) {
                throw error(where + "lr", "must be a number, got " + lr);
            }
            JsonNode head = entry.get("head");
            if (head != null && !head.isTextual()) {
                throw error(where + "head", "must be global-pool or fully-connected, got " + head);
            }
            Precision precision = precision(entry, seed.precision(), where + "precision");
            JsonNode description = entry.get("description");
            try {
                return new Variant(
                        name.textValue(),
                        description == null ? "defined in " + file : description.asText(),
                        integer(entry, "pointwise", seed.pointwise(), where + "pointwise"),
                        head == null ? seed.head() : Head.parse(head.textValue()),
                        lr == null ? seed.learningRate() : lr.doubleValue(),
                        precision);
            } catch (InvalidInputException e) {
                throw error("variants", Reasons.of(e));
            }
        }

        private InvalidInputException error(String key, String problem) {
            return new InvalidInputException("grid file " + file + ": " + key + " " + problem);
        }
    }
}
