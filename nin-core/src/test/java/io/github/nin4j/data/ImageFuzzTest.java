package io.github.nin4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nin4j.base.Fuzz;
import io.github.nin4j.base.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the image conversion (docs/notes/fuzzing.md): {@link PhotoConverter} for {@code nin
 * predict} and {@link ImageFolder#convert} for data folders, on any bytes named {@code .png} or
 * {@code .jpg}, and on damaged PNG and JPEG files.
 */
class ImageFuzzTest {

    /** Small valid images: PNG grey, RGB, RGBA and indexed, and JPEG grey and RGB. */
    static final List<byte[]> VALID = valid();

    private static Path dir;

    @BeforeContainer
    static void createDirectory() {
        dir = Fuzz.temporaryDirectory("image");
    }

    @AfterContainer
    static void deleteDirectory() {
        Fuzz.delete(dir);
    }

    private static List<byte[]> valid() {
        List<byte[]> images = new ArrayList<>();
        int[] types = {
            BufferedImage.TYPE_BYTE_GRAY,
            BufferedImage.TYPE_INT_RGB,
            BufferedImage.TYPE_INT_ARGB,
            BufferedImage.TYPE_BYTE_INDEXED
        };
        for (int type : types) {
            images.add(encode(image(type), "png"));
        }
        images.add(encode(image(BufferedImage.TYPE_BYTE_GRAY), "jpg"));
        images.add(encode(image(BufferedImage.TYPE_INT_RGB), "jpg"));
        return List.copyOf(images);
    }

    private static BufferedImage image(int type) {
        BufferedImage image = new BufferedImage(7, 5, type);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                image.setRGB(x, y, 0xFF000000 | (x * 36 << 16) | (y * 50 << 8) | (x * y * 9));
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no " + format + " writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void convert(byte[] bytes, String suffix) {
        Path file = Fuzz.write(dir.resolve("input." + suffix), bytes);
        byte[] photo =
                Fuzz.parsesOrRefuses(() -> new PhotoConverter().convert(PhotoConverter.read(file)));
        if (photo != null) {
            assertThat(photo).hasSize(28 * 28);
        }
        byte[] grey = Fuzz.parsesOrRefuses(() -> ImageFolder.convert(file, 1, 8));
        if (grey != null) {
            assertThat(grey).hasSize(8 * 8);
        }
        byte[] rgb = Fuzz.parsesOrRefuses(() -> ImageFolder.convert(file, 3, 8));
        if (rgb != null) {
            assertThat(rgb).hasSize(3 * 8 * 8);
        }
    }

    @Property
    void anyBytes(@ForAll @Size(max = 2048) byte[] bytes, @ForAll("suffix") String suffix) {
        convert(bytes, suffix);
    }

    @Property
    void damagedImages(
            @ForAll("image") byte[] valid, @ForAll("damage") List<Fuzz.Mutation> damage) {
        convert(Fuzz.damaged(valid, damage), "png");
    }

    /**
     * Found by fuzzing (2,000 tries): a PNG whose width and height fields were overwritten made the
     * message {@code java.lang.IllegalArgumentException: Invalid scanline stride}.
     */
    @Example
    void aPngWithImpossibleDimensionsIsOneLineOfWords() {
        byte[] bytes = new Fuzz.Mutation(Fuzz.Kind.SET_INT_LE, 19, 301).apply(VALID.get(1));
        Path file = Fuzz.write(dir.resolve("stride.png"), bytes);
        assertThatThrownBy(() -> new PhotoConverter().convert(PhotoConverter.read(file)))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> Fuzz.isOneLineOfWords(e.getMessage()));
        convert(bytes, "png");
    }

    @Provide
    Arbitrary<String> suffix() {
        return Arbitraries.of("png", "jpg");
    }

    @Provide
    Arbitrary<byte[]> image() {
        return Arbitraries.of(VALID);
    }

    @Provide
    Arbitrary<List<Fuzz.Mutation>> damage() {
        // PNG: IHDR's width, height, bit depth and colour type; JPEG: the frame header's
        // height and width after an SOF0 marker (at about 160 in a small file), and the start.
        int[] header =
                IntStream.concat(IntStream.of(16, 20, 24, 25), IntStream.range(150, 170)).toArray();
        return Fuzz.mutations(header);
    }
}
