package io.github.nin4j.experiment;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nin4j.base.Fuzz;
import io.github.nin4j.base.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Fuzzes the grid file of {@code nin experiment} (docs/notes/fuzzing.md). */
class ExperimentGridFuzzTest {

    /** Grid files that read: every key, nested variants, and the smallest. */
    static final List<String> VALID =
            List.of(
                    "{\"epochs\": 2}",
                    "{\"variants\": [\"seed\", {\"name\": \"v\", \"pointwise\": 1, \"head\":"
                            + " \"fully-connected\", \"lr\": 0.05, \"precision\": \"bf16\","
                            + " \"description\": \"d\"}], \"seeds\": [1, 2], \"resize\": 67,"
                            + " \"epochs\": 3, \"limit\": 512, \"batch_size\": 64}",
                    "{}");

    private static Path dir;

    @BeforeContainer
    static void createDirectory() {
        dir = Fuzz.temporaryDirectory("grid");
    }

    @AfterContainer
    static void deleteDirectory() {
        Fuzz.delete(dir);
    }

    private static void read(byte[] bytes) {
        Path file = Fuzz.write(dir.resolve("grid.json"), bytes);
        Fuzz.parsesOrRefuses(() -> ExperimentGrid.read(file));
    }

    @Property
    void anyBytes(@ForAll @Size(max = 2048) byte[] bytes) {
        read(bytes);
    }

    @Property
    void anyText(@ForAll @Size(max = 512) String text) {
        read(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void damagedFiles(@ForAll("valid") String valid, @ForAll("damage") List<Fuzz.Mutation> damage) {
        read(Fuzz.damaged(valid.getBytes(StandardCharsets.UTF_8), damage));
    }

    @Property
    void wrongValues(@ForAll("key") String key, @ForAll("json") String value) {
        read(("{\"" + key + "\": " + value + "}").getBytes(StandardCharsets.UTF_8));
        read(
                ("{\"variants\": [{\"name\": \"x\", \"" + key + "\": " + value + "}]}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** Found by fuzzing: the message carried {@code java.nio.charset.MalformedInputException}. */
    @Example
    void aFileThatIsNotUtf8IsOneLineOfWords() {
        Path file = Fuzz.write(dir.resolve("latin1.json"), new byte[] {'{', (byte) 0xE9, '}'});
        assertThatThrownBy(() -> ExperimentGrid.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("grid file " + file + " is not UTF-8 text; save it as UTF-8 JSON");
    }

    @Provide
    Arbitrary<String> valid() {
        return Arbitraries.of(VALID);
    }

    @Provide
    Arbitrary<List<Fuzz.Mutation>> damage() {
        return Fuzz.mutations();
    }

    @Provide
    Arbitrary<String> key() {
        return Arbitraries.of(
                "variants",
                "seeds",
                "resize",
                "epochs",
                "limit",
                "batch_size",
                "name",
                "pointwise",
                "head",
                "lr",
                "precision",
                "description");
    }

    @Provide
    Arbitrary<String> json() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "null",
                        "true",
                        "-1",
                        "0",
                        "1e400",
                        "-1e400",
                        "2147483648",
                        "1.5",
                        "\"\"",
                        "\"seed\"",
                        "[]",
                        "[null]",
                        "[\"nope\"]",
                        "{}",
                        "[{}]",
                        "99999999999999999999",
                        "\"bf16\"",
                        "NaN",
                        "[1, \"a\"]"),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.strings().ofMaxLength(20).map(s -> "\"" + s + "\""));
    }
}
