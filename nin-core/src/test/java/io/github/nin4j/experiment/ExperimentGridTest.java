package io.github.nin4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.model.Head;
import io.github.nin4j.precision.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentGridTest {

    @TempDir Path dir;

    private Path file(String json) throws IOException {
        return Files.writeString(dir.resolve("grid.json"), json);
    }

    @Test
    void theStandardGridIsTheSeedsRecipeWithSevenVariantsAndThreeSeeds() {
        ExperimentGrid grid = ExperimentGrid.standard();
        assertThat(grid.variants())
                .extracting(Variant::name)
                .containsExactly(
                        "seed", "one-1x1", "three-1x1", "no-1x1", "fc-head", "lr-0.05", "bf16");
        assertThat(grid.seeds()).containsExactly(1, 2, 3);
        assertThat(List.of(grid.resize(), grid.epochs(), grid.limit(), grid.batchSize()))
                .containsExactly(224, 10, 0, 128);
        Variant lr = Variant.standard("lr-0.05");
        assertThat(lr.learningRate()).isEqualTo(0.05);
        assertThat(lr.pointwise()).isEqualTo(2);
        assertThat(Variant.standard("fc-head").head()).isEqualTo(Head.FULLY_CONNECTED);
    }

    @Test
    void theBf16VariantIsTheSeedInBf16AndTheOnlyStandardOneNotInFp32() {
        Variant bf16 = Variant.standard("bf16");
        Variant seed = Variant.standard("seed");
        assertThat(bf16.precision()).isEqualTo(Precision.BF16);
        assertThat(List.of(bf16.pointwise(), bf16.head(), bf16.learningRate()))
                .isEqualTo(List.of(seed.pointwise(), seed.head(), seed.learningRate()));
        assertThat(Variant.standard())
                .filteredOn(v -> !v.name().equals("bf16"))
                .extracting(Variant::precision)
                .hasSize(6)
                .containsOnly(Precision.FP32);
    }

    @Test
    void aFileGivesAVariantItsPrecision() throws IOException {
        ExperimentGrid grid =
                ExperimentGrid.read(
                        file(
                                "{\"variants\": [{\"name\": \"half\", \"precision\": \"bf16\"},"
                                        + " {\"name\": \"full\", \"precision\": \"fp32\"},"
                                        + " {\"name\": \"plain\"}]}"));
        assertThat(grid.variants())
                .extracting(Variant::precision)
                .containsExactly(Precision.BF16, Precision.FP32, Precision.FP32);
        assertThat(grid.variants().get(0).pointwise()).isEqualTo(2);
    }

    @Test
    void aFileNamesStandardVariantsOrDefinesItsOwn() throws IOException {
        ExperimentGrid grid =
                ExperimentGrid.read(
                        file(
                                "{\"variants\": [\"seed\", {\"name\": \"slow\", \"lr\": 0.02},"
                                        + " {\"name\": \"fc-one\", \"pointwise\": 1, \"head\":"
                                        + " \"fully-connected\"}], \"seeds\": [4, 5],"
                                        + " \"resize\": 96, \"epochs\": 2, \"limit\": 12800}"));
        assertThat(grid.variants())
                .extracting(Variant::name)
                .containsExactly("seed", "slow", "fc-one");
        Variant slow = grid.variants().get(1);
        assertThat(slow.learningRate()).isEqualTo(0.02);
        assertThat(slow.pointwise()).isEqualTo(2);
        assertThat(slow.head()).isEqualTo(Head.GLOBAL_AVERAGE_POOL);
        Variant fcOne = grid.variants().get(2);
        assertThat(fcOne.pointwise()).isEqualTo(1);
        assertThat(fcOne.head()).isEqualTo(Head.FULLY_CONNECTED);
        assertThat(grid.seeds()).containsExactly(4, 5);
        assertThat(List.of(grid.resize(), grid.epochs(), grid.limit(), grid.batchSize()))
                .containsExactly(96, 2, 12800, 128);
    }

    @Test
    void mistakesInAFileAreNamedWithTheFileAndTheKey() throws IOException {
        assertRefused("{\"epoch\": 2}", "grid.json: epoch is not a known key; known keys are");
        assertRefused("{\"epochs\": \"two\"}", "epochs must be a whole number, got \"two\"");
        assertRefused("{\"seeds\": [1, 1]}", "seeds [1, 1] repeat one");
        assertRefused(
                "{\"variants\": [\"bogus\"]}",
                "unknown variant 'bogus'; the standard ones are seed,");
        assertRefused(
                "{\"variants\": [{\"name\": \"x\", \"rate\": 1}]}",
                "variants.rate is not a known key");
        assertRefused(
                "{\"variants\": [{\"name\": \"x\", \"lr\": \"fast\"}]}",
                "variants.x.lr must be a number");
        assertRefused(
                "{\"variants\": [{\"name\": \"x\", \"precision\": 16}]}",
                "variants.x.precision must be fp32 or bf16, got 16");
        assertRefused("{\"variants\": [\"seed\", \"seed\"]}", "variant 'seed' appears twice");
        assertRefused("{\"variants\": []}", "at least one variant");
        assertRefused("{\"epochs\": 2,}", "is not valid JSON (line 1)");
        assertRefused("[1]", "must hold one JSON object");
        assertThatThrownBy(() -> ExperimentGrid.read(dir.resolve("none.json")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith("none.json does not exist");
    }

    @Test
    void aPrecisionOtherThanFp32OrBf16IsRefusedInOneLineNamingTheFileAndTheKey()
            throws IOException {
        Path path = file("{\"variants\": [{\"name\": \"x\", \"precision\": \"fp16\"}]}");
        assertThatThrownBy(() -> ExperimentGrid.read(path))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "grid file "
                                + path
                                + ": variants.x.precision must be fp32 or bf16, got \"fp16\"");
    }

    private void assertRefused(String json, String message) throws IOException {
        Path path = file(json);
        assertThatThrownBy(() -> ExperimentGrid.read(path))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(message);
    }
}
