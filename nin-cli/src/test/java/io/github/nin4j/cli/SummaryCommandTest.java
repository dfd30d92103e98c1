package io.github.nin4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SummaryCommandTest {

    @Test
    void printsTheSeedTableAndTotals() {
        CommandRunner.Result r = CommandRunner.run("summary");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines().limit(10).toList())
                .containsExactly(
                        "Sequential output shape:\t (1, 96, 54, 54)",
                        "MaxPool2d output shape:\t (1, 96, 26, 26)",
                        "Sequential output shape:\t (1, 256, 26, 26)",
                        "MaxPool2d output shape:\t (1, 256, 12, 12)",
                        "Sequential output shape:\t (1, 384, 12, 12)",
                        "MaxPool2d output shape:\t (1, 384, 5, 5)",
                        "Dropout output shape:\t (1, 384, 5, 5)",
                        "Sequential output shape:\t (1, 10, 5, 5)",
                        "AdaptiveAvgPool2d output shape:\t (1, 10, 1, 1)",
                        "Flatten output shape:\t (1, 10)");
        assertThat(r.out())
                .contains("Total parameters: 1,992,166; multiply-adds per image: 0.762 G");
    }

    @Test
    void tooSmallInputIsAUsageErrorNamingTheMinimum() {
        CommandRunner.Result r = CommandRunner.run("summary", "--input", "1x28x28");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo(
                        "nin: input 1x28x28 is too small for this network: it shrinks to nothing"
                                + " before the global pooling; the smallest input it accepts is"
                                + " 1x67x67");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void malformedInputShapeIsAUsageError() {
        CommandRunner.Result r = CommandRunner.run("summary", "--input", "224x224");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("must be CxHxW");
    }

    @Test
    void verboseAddsTheStackTrace() {
        CommandRunner.Result r = CommandRunner.run("summary", "--input", "1x28x28", "--verbose");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("InvalidInputException").contains("\tat ");
    }

    @Test
    void classesChangeTheOutputWidth() {
        CommandRunner.Result r =
                CommandRunner.run("summary", "--classes", "3", "--input", "1x96x96");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Flatten output shape:\t (1, 3)");
    }

    @Test
    void pointwiseAndHeadOptionsPrintTheVariantsTable() {
        CommandRunner.Result pointwise = CommandRunner.run("summary", "--pointwise", "3");
        assertThat(pointwise.exitCode()).as(pointwise.err()).isZero();
        // PyTorch's count for nin_net(pointwise=3) in bench/seed_nin.py.
        assertThat(pointwise.out()).contains("Total parameters: 2,215,220;");
        // 54·54 output pixels × (96·1·11·11 + 3·96·96) weights.
        assertThat(pointwise.out())
                .containsPattern(
                        "(?m)^0   Sequential\\s+\\(1, 96, 54, 54\\)\\s+39,648\\s+114,493,824$");

        CommandRunner.Result head = CommandRunner.run("summary", "--head", "fully-connected");
        assertThat(head.exitCode()).as(head.err()).isZero();
        assertThat(head.out().lines().skip(5).limit(9).toList())
                .containsExactly(
                        "MaxPool2d output shape:\t (1, 384, 5, 5)",
                        "Flatten output shape:\t (1, 9600)",
                        "Linear output shape:\t (1, 4096)",
                        "ReLU output shape:\t (1, 4096)",
                        "Dropout output shape:\t (1, 4096)",
                        "Linear output shape:\t (1, 4096)",
                        "ReLU output shape:\t (1, 4096)",
                        "Dropout output shape:\t (1, 4096)",
                        "Linear output shape:\t (1, 10)");
        // PyTorch's count at 224 pixels; the first linear layer is 9600·4096 + 4096.
        assertThat(head.out())
                .containsPattern("(?m)^7   Linear\\s+\\(1, 4096\\)\\s+39,325,696\\s+39,321,600$")
                .contains("Total parameters: 58,105,354;");
    }

    @Test
    void badVariantOptionsAreOneLineUsageErrors() {
        CommandRunner.Result head = CommandRunner.run("summary", "--head", "dense");
        assertThat(head.exitCode()).isEqualTo(2);
        assertThat(head.err().strip())
                .isEqualTo("nin: head must be global-pool or fully-connected, got 'dense'");
        CommandRunner.Result pointwise = CommandRunner.run("summary", "--pointwise", "9");
        assertThat(pointwise.exitCode()).isEqualTo(2);
        assertThat(pointwise.err().strip())
                .isEqualTo(
                        "nin: a NiN block has 0 to 8 1x1 convolutions (pointwise), got 9; the"
                                + " seed has 2");
        CommandRunner.Result oneBlock =
                CommandRunner.run("summary", "--head", "fully-connected", "--block", "10:3:1:1");
        assertThat(oneBlock.exitCode()).isEqualTo(2);
        assertThat(oneBlock.err()).contains("needs at least 2 blocks, got 1");
    }

    @Test
    void compareCountsAlexNetAndVggFromTheirParameters() {
        CommandRunner.Result r = CommandRunner.run("summary", "--compare");
        assertThat(r.exitCode()).isZero();
        // Total, fully-connected, first fully-connected. VGG-11's first fully-connected layer:
        // 512·7·7·4096 weights + 4096 biases.
        assertThat(r.out()).containsPattern("VGG-11\\s+128,806,154\\s+119,586,826\\s+102,764,544");
        // AlexNet's: 6400·4096 + 4096.
        assertThat(r.out()).containsPattern("AlexNet\\s+46,764,746\\s+43,040,778\\s+26,218,496");
        assertThat(r.out()).containsPattern("NiN\\s+1,992,166\\s+0\\s+none");
    }

    @Test
    void helpAndUnknownOptionsHaveTheirExitCodes() {
        CommandRunner.Result help = CommandRunner.run("summary", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: nin summary");
        CommandRunner.Result unknown = CommandRunner.run("summary", "--bogus");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--bogus'");
        CommandRunner.Result none = CommandRunner.run();
        assertThat(none.exitCode()).isEqualTo(2);
    }
}
