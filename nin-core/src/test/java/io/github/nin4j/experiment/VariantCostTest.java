package io.github.nin4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.TestArchitectures;
import io.github.nin4j.precision.Precision;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariantCostTest {

    @TempDir Path dir;

    @Test
    void aCostFileWrittenBeforeBf16IsReadBackAsAnFp32Measurement() throws IOException {
        NinArchitecture small = TestArchitectures.SMALL;
        // Counts no network could have: read back, not measured again.
        VariantCost kept =
                new VariantCost(
                        "seed",
                        small,
                        28,
                        ConvolutionLayout.CHANNELS_LAST,
                        Precision.FP32,
                        7,
                        11,
                        2000,
                        1000);
        ObjectMapper json = new ObjectMapper();
        ObjectNode old = json.valueToTree(kept);
        old.remove("precision");
        json.writeValue(dir.resolve("cost.json").toFile(), old);

        VariantCost read =
                VariantCost.Meter.inChildProcesses()
                        .cost(
                                "seed",
                                small,
                                28,
                                64,
                                ConvolutionLayout.CHANNELS_LAST,
                                Precision.FP32,
                                dir);

        assertThat(read).isEqualTo(kept);
    }
}
