package io.github.nin4j.data;

import static io.github.nin4j.data.SmallFashionMnist.concat;
import static io.github.nin4j.data.SmallFashionMnist.gzip;
import static io.github.nin4j.data.SmallFashionMnist.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nin4j.base.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FashionMnistLoadTest {

    @TempDir Path dir;

    private final SmallFashionMnist small = new SmallFashionMnist(23, 11);

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void validFilesRoundTrip(boolean gzipped) throws IOException {
        small.writeTo(dir, gzipped);
        FashionMnist data = FashionMnist.load(DataSource.of(dir, "test"));

        assertThat(data.train().size()).isEqualTo(23);
        assertThat(data.test().size()).isEqualTo(11);
        assertThat(data.train().height()).isEqualTo(28);
        assertThat(data.train().width()).isEqualTo(28);
        for (int i : new int[] {0, 5, 22}) {
            assertThat(data.train().label(i)).isEqualTo(i % 10);
            byte[] image = data.train().image(i);
            assertThat(image[0] & 0xFF).isEqualTo(SmallFashionMnist.pixel(i, 0, 0));
            assertThat(image[28 * 27 + 27] & 0xFF).isEqualTo(SmallFashionMnist.pixel(i, 27, 27));
            assertThat(image[28 * 3 + 5] & 0xFF).isEqualTo(SmallFashionMnist.pixel(i, 3, 5));
        }
        assertThat(data.test().label(10)).isZero();
        assertThat(data.source().contentSha256()).isEqualTo(small.checksums());
        assertThat(data.source().isPublishedFashionMnist()).isFalse();
        assertThat(data.train().classCounts()).containsExactly(3, 3, 3, 2, 2, 2, 2, 2, 2, 2);
    }

    @Test
    void isAnImageDatasetOfTenGreyClasses() throws IOException {
        small.writeTo(dir, true);
        ImageDataset data = FashionMnist.load(DataSource.of(dir, "cache " + dir));

        assertThat(data.description()).isEqualTo("Fashion-MNIST, cache " + dir);
        assertThat(data.channels()).isEqualTo(1);
        assertThat(data.height()).isEqualTo(28);
        assertThat(data.width()).isEqualTo(28);
        assertThat(data.classNames()).hasSize(10).startsWith("t-shirt").endsWith("ankle boot");
        assertThat(data.train().channels()).isEqualTo(1);
        assertThat(data.train().classes()).isEqualTo(10);
        assertThat(data.provenance())
                .containsExactly(
                        Map.entry("origin", "cache " + dir),
                        Map.entry("directory", dir.toString()),
                        Map.entry("train_examples", 23),
                        Map.entry("test_examples", 11),
                        Map.entry("content_sha256", small.checksums()));
    }

    @Test
    void theRealDataSetsChecksumsAreRecognised() {
        DataSource source = DataSource.of(dir, "test");
        Map<String, String> published = new HashMap<>();
        for (FashionMnistFile file : FashionMnistFile.values()) {
            published.put(file.baseName(), file.sha256());
        }
        assertThat(source.withContentSha256(published).isPublishedFashionMnist()).isTrue();
        published.put("t10k-labels-idx1-ubyte", "0".repeat(64));
        assertThat(source.withContentSha256(published).isPublishedFashionMnist()).isFalse();
    }

    @Test
    void badMagicNumber() throws IOException {
        Path file =
                replace(
                        FashionMnistFile.TRAIN_IMAGES,
                        "train-images-idx3-ubyte",
                        new byte[] {1, 2, 3, 4, 5});
        assertProblem(file, "is not an IDX file: it starts with 0x01020304");
    }

    @Test
    void gzippedFileWithoutGzName() throws IOException {
        Path file =
                replace(
                        FashionMnistFile.TEST_LABELS,
                        "t10k-labels-idx1-ubyte",
                        gzip(small.content(FashionMnistFile.TEST_LABELS)));
        assertProblem(file, "is gzip-compressed but its name does not end in .gz");
    }

    @Test
    void wrongElementType() throws IOException {
        Path file =
                replace(
                        FashionMnistFile.TRAIN_LABELS,
                        "train-labels-idx1-ubyte",
                        concat(header(0x0C, 23), new byte[23 * 4]));
        assertProblem(
                file,
                "holds 32-bit integers (IDX type 0x0C) where Fashion-MNIST files hold unsigned"
                        + " bytes (type 0x08)");
    }

    @Test
    void wrongNumberOfDimensions() throws IOException {
        Path file =
                replace(
                        FashionMnistFile.TRAIN_IMAGES,
                        "train-images-idx3-ubyte",
                        concat(header(0x08, 23, 784), new byte[23 * 784]));
        assertProblem(file, "has 2 dimensions where an image file has 3 (count, rows, columns)");
    }

    @Test
    void wrongImageSize() throws IOException {
        Path file =
                replace(
                        FashionMnistFile.TEST_IMAGES,
                        "t10k-images-idx3-ubyte",
                        concat(header(0x08, 11, 32, 32), new byte[11 * 32 * 32]));
        assertProblem(file, "holds 32x32 images where Fashion-MNIST images are 28x28");
    }

    @Test
    void truncatedData() throws IOException {
        byte[] content = small.content(FashionMnistFile.TRAIN_IMAGES);
        Path file =
                replace(
                        FashionMnistFile.TRAIN_IMAGES,
                        "train-images-idx3-ubyte.gz",
                        gzip(Arrays.copyOf(content, content.length - 100)));
        assertProblem(
                file, "is truncated: its header promises 18,032 bytes of data but it holds 17,932");
    }

    @Test
    void truncatedHeader() throws IOException {
        Path file =
                replace(
                        FashionMnistFile.TRAIN_IMAGES,
                        "train-images-idx3-ubyte",
                        Arrays.copyOf(header(0x08, 23, 28, 28), 9));
        assertProblem(file, "is truncated: it ends inside its header's dimensions");
    }

    @Test
    void longerThanTheHeaderSays() throws IOException {
        Path file =
                replace(
                        FashionMnistFile.TEST_LABELS,
                        "t10k-labels-idx1-ubyte",
                        concat(small.content(FashionMnistFile.TEST_LABELS), new byte[7]));
        assertProblem(
                file,
                "is longer than its header says: 11 bytes of data are promised and 7 more follow");
    }

    @Test
    void imageAndLabelCountsDisagree() throws IOException {
        Path file =
                replace(
                        FashionMnistFile.TEST_LABELS,
                        "t10k-labels-idx1-ubyte",
                        concat(header(0x08, 10), new byte[10]));
        assertThatThrownBy(() -> FashionMnist.load(DataSource.of(dir, "test")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        dir.resolve("t10k-images-idx3-ubyte.gz")
                                + " holds 11 images but "
                                + file
                                + " holds 10 labels; the two files must come from the same release"
                                + " of the data set");
    }

    @Test
    void labelAboveNine() throws IOException {
        byte[] content = small.content(FashionMnistFile.TRAIN_LABELS);
        content[8 + 4] = 12;
        Path file =
                replace(FashionMnistFile.TRAIN_LABELS, "train-labels-idx1-ubyte.gz", gzip(content));
        assertProblem(file, "holds label 12 at index 4 where Fashion-MNIST labels are 0-9");
    }

    @Test
    void corruptGzip() throws IOException {
        byte[] gz = gzip(small.content(FashionMnistFile.TRAIN_IMAGES));
        for (int i = 20; i < 60; i++) {
            gz[i] ^= 0x5A;
        }
        Path file = replace(FashionMnistFile.TRAIN_IMAGES, "train-images-idx3-ubyte.gz", gz);
        assertProblem(file, "is not a valid gzip file (");
    }

    @Test
    void gzipCutShort() throws IOException {
        byte[] gz = gzip(small.content(FashionMnistFile.TRAIN_IMAGES));
        Path file =
                replace(
                        FashionMnistFile.TRAIN_IMAGES,
                        "train-images-idx3-ubyte.gz",
                        Arrays.copyOf(gz, gz.length / 2));
        assertProblem(file, "is not a valid gzip file (");
    }

    @Test
    void missingFileIsNamed() throws IOException {
        small.writeTo(dir, true);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThatThrownBy(() -> FashionMnist.load(DataSource.of(dir, "test")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        dir
                                + " has no t10k-labels-idx1-ubyte (or t10k-labels-idx1-ubyte.gz);"
                                + " put the four Fashion-MNIST files there");
    }

    /**
     * Writes the small data set gzipped, then replaces one file with {@code content} under {@code
     * name}.
     */
    private Path replace(FashionMnistFile file, String name, byte[] content) throws IOException {
        small.writeTo(dir, true);
        Files.delete(dir.resolve(file.baseName() + ".gz"));
        Path path = dir.resolve(name);
        Files.write(path, content);
        return path;
    }

    private void assertProblem(Path file, String problem) {
        assertThatThrownBy(() -> FashionMnist.load(DataSource.of(dir, "test")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file + " " + problem)
                .hasMessageEndingWith("; replace it with an intact copy of the Fashion-MNIST file")
                .message()
                .doesNotContain("\n");
    }
}
