package io.github.nin4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nin4j.base.InvalidInputException;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder's images through the cache on disk, against the same folder read into memory. */
class ImageCacheTest {

    @TempDir Path dir;
    private Path root;
    private Path cache;

    /** Three classes of colour PNGs, 12×8, each a different colour and size of square. */
    @BeforeEach
    void writeFolder() throws IOException {
        root = dir.resolve("images");
        cache = dir.resolve("cache");
        Color[] colours = {Color.RED, Color.GREEN, Color.BLUE};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 6; i++) {
                write(root.resolve("class" + c).resolve("img" + i + ".png"), colours[c], i + 2);
            }
        }
    }

    private static void write(Path file, Color colour, int square) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(12, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < square; y++) {
            for (int x = 0; x < square; x++) {
                image.setRGB(x, y, colour.getRGB());
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private ImageFolder.Builder folder() {
        return ImageFolder.builder().setRoot(root).optSide(10).optTestFraction(0.34);
    }

    private static void assertSameImages(ImageSet actual, ImageSet expected) {
        assertThat(actual.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.image(i)).as("image %d", i).isEqualTo(expected.image(i));
            assertThat(actual.label(i)).isEqualTo(expected.label(i));
        }
    }

    /** The folder through the cache, counting the images converted. */
    private ImageFolder cached(AtomicInteger converted) {
        return folder().optCacheDirectory(cache)
                .optProgress((done, total) -> converted.incrementAndGet())
                .build();
    }

    /** The cache's one pixels file. */
    private Path pixelsFile() throws IOException {
        return entries().stream()
                .filter(p -> p.toString().endsWith(".pixels"))
                .findFirst()
                .orElseThrow();
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.sorted().toList();
        }
    }

    /**
     * A run's record names the cache its folder was read through, and reading it there again
     * converts nothing; a folder read into memory records none.
     */
    @Test
    void theRecordNamesTheCacheAndReadsTheFolderBackThroughIt() {
        ImageFolder built = cached(new AtomicInteger());
        ImageFolder.Recorded recorded = ImageFolder.Recorded.of(built.provenance()).orElseThrow();
        assertThat(recorded.cacheDirectory()).isEqualTo(cache.toAbsolutePath());
        AtomicInteger converted = new AtomicInteger();
        ImageFolder again =
                recorded.read(
                        recorded.cacheDirectory(), (done, total) -> converted.incrementAndGet());
        assertThat(converted).hasValue(0);
        assertSameImages(again.test(), built.test());
        assertThat(
                        ImageFolder.Recorded.of(folder().build().provenance())
                                .orElseThrow()
                                .cacheDirectory())
                .isNull();
    }

    @Test
    void theCacheHoldsWhatMemoryHoldsAndIsBuiltOnce() throws IOException {
        ImageFolder memory = folder().build();
        AtomicInteger converted = new AtomicInteger();
        ImageFolder cached = cached(converted);
        assertThat(converted).hasValue(18);
        assertThat(cached.channels()).isEqualTo(3);
        assertSameImages(cached.train(), memory.train());
        assertSameImages(cached.test(), memory.test());
        assertThat(entries()).hasSize(2);
        Path pixels = pixelsFile();
        assertThat(Files.size(pixels)).isEqualTo(18L * 3 * 10 * 10);
        @SuppressWarnings("unchecked")
        Map<String, Object> described = (Map<String, Object>) cached.provenance().get("cache");
        assertThat(described).containsEntry("images", 18).containsEntry("file", pixels.toString());

        // Again: nothing converted, the same images.
        ImageFolder again = cached(converted);
        assertThat(converted).hasValue(18);
        assertSameImages(again.train(), memory.train());

        // Another side is another entry.
        folder().optSide(6).optCacheDirectory(cache).build();
        assertThat(entries()).hasSize(4);
    }

    @Test
    void aChangedFileIsANewEntryNeverAStaleOne() throws IOException {
        folder().optCacheDirectory(cache).build();
        write(root.resolve("class1/img3.png"), Color.YELLOW, 7);
        ImageFolder memory = folder().build();
        AtomicInteger converted = new AtomicInteger();
        ImageFolder cached = cached(converted);
        assertThat(converted).hasValue(18);
        assertSameImages(cached.train(), memory.train());
        assertSameImages(cached.test(), memory.test());
        assertThat(entries()).hasSize(4);
    }

    @Test
    void aTruncatedEntryIsBuiltAgain() throws IOException {
        ImageFolder memory = folder().build();
        folder().optCacheDirectory(cache).build();
        Path pixels = pixelsFile();
        byte[] half = Files.readAllBytes(pixels);
        Files.write(pixels, java.util.Arrays.copyOf(half, half.length / 2));
        ImageFolder rebuilt = folder().optCacheDirectory(cache).build();
        assertSameImages(rebuilt.train(), memory.train());
        assertThat(Files.size(pixels)).isEqualTo(half.length);
    }

    @Test
    void aBadImageLeavesNoEntryBehind() throws IOException {
        Files.writeString(root.resolve("class2/broken.png"), "not a png");
        assertThatThrownBy(() -> folder().optCacheDirectory(cache).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("broken.png");
        assertThat(entries()).isEmpty();
    }

    @Test
    void aCacheThatCannotBeWrittenIsOneLineNamingIt() throws IOException {
        Files.writeString(cache, "a file where the cache directory should be");
        assertThatThrownBy(() -> folder().optCacheDirectory(cache).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("cannot write the image cache in " + cache)
                .hasMessageEndingWith("free some space there or give another cache directory");
    }
}
