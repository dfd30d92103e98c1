package io.github.nin4j.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.model.Head;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.precision.Precision;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One row of an experiment: the seed's network and recipe with some of it changed.
 *
 * @param name short name, used as the cells' directory name: letters, digits, '.', '-' and '_'
 * @param description what differs from the seed, in words
 * @param pointwise 1×1 convolutions per NiN block (the seed: 2)
 * @param head the network's end (the seed: global average pooling)
 * @param learningRate SGD's learning rate (the seed: 0.1)
 * @param precision the number format its cells' NiN blocks train in (the seed: float32)
 */
public record Variant(
        String name,
        String description,
        int pointwise,
        Head head,
        double learningRate,
        Precision precision) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The seed's learning rate. */
    public static final double SEED_LEARNING_RATE = 0.1;

    /** Validates the name, the learning rate, the head and the precision. */
    public Variant {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException(
                    ("variant name '%s' must be 1 to 64 letters, digits, '.', '-' or '_', starting"
                                    + " with a letter or digit")
                            .formatted(name));
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new InvalidInputException(
                    "variant %s: the learning rate must be a positive number, got %s"
                            .formatted(name, learningRate));
        }
        if (head == null) {
            throw new InvalidInputException("variant " + name + ": the head is missing");
        }
        if (precision == null) {
            throw new InvalidInputException("variant " + name + ": the precision is missing");
        }
    }

    /**
     * A variant that trains in float32, as the seed does.
     *
     * @param name short name, used as the cells' directory name
     * @param description what differs from the seed, in words
     * @param pointwise 1×1 convolutions per NiN block
     * @param head the network's end
     * @param learningRate SGD's learning rate
     */
    public Variant(String name, String description, int pointwise, Head head, double learningRate) {
        this(name, description, pointwise, head, learningRate, Precision.FP32);
    }

    /**
     * A variant as a report's JSON holds it. Reports written before variants had a precision hold
     * none: those variants trained in float32.
     */
    @JsonCreator
    static Variant fromJson(
            @JsonProperty("name") String name,
            @JsonProperty("description") String description,
            @JsonProperty("pointwise") int pointwise,
            @JsonProperty("head") Head head,
            @JsonProperty("learningRate") double learningRate,
            @JsonProperty("precision") Precision precision) {
        return new Variant(
                name,
                description,
                pointwise,
                head,
                learningRate,
                precision == null ? Precision.FP32 : precision);
    }

    /**
     * The variants the chapter's questions need, by name: the seed's network; one, three and no 1×1
     * convolutions per block (why two?); a fully connected head instead of the last block and the
     * global pooling (what NiN argues against); the learning rate d2l later chose for this chapter,
     * 0.05; and the seed's network and recipe in bf16 (what bf16 costs in accuracy and saves in
     * time and memory).
     *
     * @return the standard variants in report order
     */
    public static List<Variant> standard() {
        Head pool = Head.GLOBAL_AVERAGE_POOL;
        double lr = SEED_LEARNING_RATE;
        return List.of(
                new Variant("seed", "the seed's network and recipe", 2, pool, lr),
                new Variant("one-1x1", "one 1x1 convolution per block", 1, pool, lr),
                new Variant("three-1x1", "three 1x1 convolutions per block", 3, pool, lr),
                new Variant("no-1x1", "no 1x1 convolutions", 0, pool, lr),
                new Variant(
                        "fc-head",
                        "fully connected head (4096, 4096, classes) instead of the last block"
                                + " and global pooling",
                        2,
                        Head.FULLY_CONNECTED,
                        lr),
                new Variant("lr-0.05", "learning rate 0.05 instead of 0.1", 2, pool, 0.05),
                new Variant(
                        "bf16",
                        "the seed's network and recipe, NiN blocks computed in bf16 (--precision"
                                + " bf16)",
                        2,
                        pool,
                        lr,
                        Precision.BF16));
    }

    /**
     * A standard variant by name.
     *
     * @param name one of {@link #standard()}'s names
     * @return the variant
     * @throws InvalidInputException naming the known variants when there is none by that name
     */
    public static Variant standard(String name) {
        List<Variant> standard = standard();
        for (Variant variant : standard) {
            if (variant.name().equals(name)) {
                return variant;
            }
        }
        throw new InvalidInputException(
                "unknown variant '%s'; the standard ones are %s, and a grid file can define others"
                        .formatted(
                                name,
                                String.join(", ", standard.stream().map(Variant::name).toList())));
    }

    /**
     * This variant's network: the base network (the data's input channels and classes) with this
     * variant's 1×1 convolutions and head.
     *
     * @param base the network the grid starts from
     * @return the variant's network
     */
    public NinArchitecture architecture(NinArchitecture base) {
        return NinArchitecture.builder()
                .optInputChannels(base.inputChannels())
                .optBlocks(base.blocks())
                .optDropout(base.dropout())
                .optPointwise(pointwise)
                .optHead(head)
                .build();
    }
}
