package io.github.nin4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nin4j.data.SmallFashionMnist;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {

    @TempDir Path dir;

    @Test
    void printsTheSourceSplitsAndClassCountsAndDrawsTheFirstTrainingImages() throws IOException {
        Path data = new SmallFashionMnist(25, 12).writeTo(dir.resolve("data"), true);
        Path png = dir.resolve("out/samples.png");

        CommandRunner.Result r =
                CommandRunner.run("data", "--data", data.toString(), "--out", png.toString());

        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines().toList())
                .contains(
                        "source: --data " + data,
                        "directory: " + data,
                        "content: NOT the published Fashion-MNIST (SHA-256 differs)",
                        "train: 25 images of 28x28",
                        "test: 12 images of 28x28",
                        "class            train      test",
                        "t-shirt              3         2",
                        "sandal               2         1",
                        "ankle boot           2         1",
                        "samples: " + png + " (the first 18 training images)");
        assertThat(r.out()).containsPattern("read and checked in \\d+\\.\\d\\d s");
        BufferedImage picture = ImageIO.read(png.toFile());
        assertThat(picture).isNotNull();
        // Two rows of nine 84-pixel images with captions.
        assertThat(picture.getWidth()).isGreaterThan(9 * 84);
        assertThat(picture.getHeight()).isGreaterThan(2 * 84).isLessThan(3 * 84);
    }

    @Test
    void aDataDirectoryWithoutTheFilesIsOneLineAndExitTwo() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CommandRunner.Result r =
                CommandRunner.run(
                        "data",
                        "--data",
                        empty.toString(),
                        "--out",
                        dir.resolve("x.png").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines().toList())
                .containsExactly(
                        "nin: --data "
                                + empty
                                + " lacks train-images-idx3-ubyte, train-labels-idx1-ubyte,"
                                + " t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (gzipped or"
                                + " not); put the four Fashion-MNIST files there, or leave --data"
                                + " out to use the cache");
        assertThat(dir.resolve("x.png")).doesNotExist();
    }

    @Test
    void aMalformedFileIsOneLineNamingIt() throws IOException {
        Path data = new SmallFashionMnist(5, 5).writeTo(dir.resolve("data"), true);
        Path labels = data.resolve("t10k-labels-idx1-ubyte.gz");
        Files.write(labels, new byte[] {0x1F, (byte) 0x8B, 1, 2, 3});
        CommandRunner.Result r = CommandRunner.run("data", "--data", data.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("nin: " + labels + " is not a valid gzip file");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void helpNamesTheDefaultPicture() {
        CommandRunner.Result r = CommandRunner.run("data", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("Usage: nin data")
                .contains("runs/data/fashion-mnist-samples.png");
    }
}
