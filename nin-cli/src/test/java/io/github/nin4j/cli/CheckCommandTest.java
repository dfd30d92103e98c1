package io.github.nin4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

    private static final String[] SMALL = {
        "--block", "16:11:4:0,16:5:1:2,16:3:1:1,10:3:1:1", "--resize", "67"
    };

    private static String[] args(String... more) {
        String[] all = new String[1 + SMALL.length + more.length];
        all[0] = "check";
        System.arraycopy(SMALL, 0, all, 1, SMALL.length);
        System.arraycopy(more, 0, all, 1 + SMALL.length, more.length);
        return all;
    }

    @Test
    void reportsEachConvolutionAndTheVerdictAndWritesJson(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("check.json");
        CommandRunner.Result r = CommandRunner.run(args("--json", json.toString()));

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("relative L2 error against float64")
                .contains("block 1, conv 1 (11x11, 1->16)")
                .contains("mb2_ic1oc16_ih67oh15kh11sh4ph0")
                .contains("block 4, conv 3 (1x1, 10->10)")
                .contains("known trigger (3x3, 384->10)")
                .contains("whole network: logits")
                .containsPattern("(?m)^engine check: (right|\\S+ convolutions are wrong)");
        JsonNode verdict = new ObjectMapper().readTree(json.toFile());
        assertThat(verdict.get("status").asText()).isIn("RIGHT", "RIGHT_AFTER_WORKAROUND");
        assertThat(verdict.get("input").asText()).isEqualTo("2x1x67x67");
        assertThat(verdict.get("processor").asText()).contains("cpu family");
        assertThat(verdict.get("trials").get(0).get("convolutions")).hasSize(14);
    }

    @Test
    void aForcedLayoutIsTheOnlyOneTried() {
        CommandRunner.Result r = CommandRunner.run(args("--conv-layout", "channels-last"));

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("channels-last convolutions: right")
                .doesNotContain("NCHW convolutions:")
                .contains("engine check: right (channels-last convolutions");
    }

    @Test
    void bf16ChecksEachBlockAndTheNetworkWithItsOwnTolerances(@TempDir Path dir)
            throws IOException {
        Path json = dir.resolve("check.json");
        CommandRunner.Result r =
                CommandRunner.run(args("--precision", "bf16", "--json", json.toString()));

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("bf16 NiN blocks: right (blocks alone pass at 3e-02")
                .contains("block 1 (11x11, 1->16)")
                .contains("mb2_ic1oc16_ih67oh15kh11sh4ph0 +2 1x1")
                .doesNotContain("known trigger")
                .contains("engine check: right (bf16 NiN blocks; blocks within");
        JsonNode verdict = new ObjectMapper().readTree(json.toFile());
        assertThat(verdict.get("precision").asText()).isEqualTo("BF16");
        assertThat(verdict.get("precisionChoice").asText()).isEqualTo("BF16");
        assertThat(verdict.get("trials")).hasSize(1);
        assertThat(verdict.get("trials").get(0).get("convolutions")).hasSize(4);
    }

    @Test
    void badOptionsAreOneLineWithExitCodeTwo() {
        CommandRunner.Result precision = CommandRunner.run(args("--precision", "fp16"));
        assertThat(precision.exitCode()).isEqualTo(2);
        assertThat(precision.err().strip())
                .isEqualTo("nin: --precision must be fp32, bf16 or auto, got 'fp16'");

        CommandRunner.Result layout = CommandRunner.run(args("--conv-layout", "nhwc"));
        assertThat(layout.exitCode()).isEqualTo(2);
        assertThat(layout.err().strip())
                .isEqualTo("nin: --conv-layout must be auto, nchw or channels-last, got 'nhwc'");

        CommandRunner.Result batch = CommandRunner.run(args("--batch-size", "1"));
        assertThat(batch.exitCode()).isEqualTo(2);
        assertThat(batch.err()).contains("the engine check needs a batch of at least 2");

        CommandRunner.Result small = CommandRunner.run("check", "--resize", "50");
        assertThat(small.exitCode()).isEqualTo(2);
        assertThat(small.err().strip())
                .isEqualTo("nin: --resize 50 is too small; the smallest the network accepts is 67");
    }
}
