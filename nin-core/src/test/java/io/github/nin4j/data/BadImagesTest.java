package io.github.nin4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.nin4j.base.Fuzz;
import io.github.nin4j.base.InvalidInputException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unusual and damaged image files (issue 29, docs/notes/bad-images.md): each either converts as
 * documented or is refused in one line that names the file and says what to do. The files are made
 * here, by Java's writers and by hand.
 */
class BadImagesTest {

    private static final String REPLACE = "; replace it with an intact copy or remove it";

    @TempDir Path dir;

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).as("a %s writer", format).isTrue();
        return out.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    /** A 64 × 48 JPEG of noise, so that every block holds data. */
    private static byte[] noiseJpeg() throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(29);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return encode(image, "jpg");
    }

    /** Where a JPEG's entropy-coded data starts: after its start-of-scan segment. */
    private static int scanData(byte[] jpeg) {
        for (int i = 2; i + 3 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xDA) {
                return i + 2 + (((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF));
            }
        }
        throw new AssertionError("no start of scan");
    }

    private static void refusedNaming(Path file, String start) {
        for (Throwable thrown :
                new Throwable[] {
                    catchThrowable(() -> ImageFolder.convert(file, 3, 8)),
                    catchThrowable(() -> new PhotoConverter().convert(file))
                }) {
            assertThat(thrown)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(file + start)
                    .hasMessageEndingWith(REPLACE);
            Fuzz.isOneLineOfWords(thrown.getMessage());
        }
    }

    @Test
    void aTruncatedJpegIsRefusedWhereJavaWouldDecodeItGrey() throws IOException {
        byte[] whole = noiseJpeg();
        byte[] half = Arrays.copyOf(whole, whole.length / 2);
        // The premise: Java decodes the first half without an error, the lower rows grey.
        BufferedImage silent = ImageIO.read(new ByteArrayInputStream(half));
        assertThat(silent.getRGB(63, 47) & 0xFFFFFF).isEqualTo(0x808080);

        Path file = write("cut.jpg", half);
        refusedNaming(file, " is damaged (Truncated File - Missing EOI marker");

        // In a folder, too, with the other images read.
        write("folder/a/cut.jpg", half);
        write("folder/a/whole.jpg", whole);
        write("folder/b/whole.jpg", whole);
        assertThatThrownBy(() -> ImageFolder.builder().setRoot(dir.resolve("folder")).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(dir.resolve("folder/a/cut.jpg") + " is damaged (")
                .hasMessageEndingWith(REPLACE);
    }

    @Test
    void aJpegWithRandomBytesAfterItsHeaderIsRefused() throws IOException {
        byte[] valid = noiseJpeg();
        for (int seed = 0; seed < 20; seed++) {
            byte[] corrupt = valid.clone();
            Random random = new Random(seed);
            for (int i = scanData(valid); i < corrupt.length - 2; i++) {
                corrupt[i] = (byte) random.nextInt(256);
            }
            Path file = write("corrupt" + seed + ".jpg", corrupt);
            // Refused whichever way the decoder meets the noise: an exception or a warning.
            Throwable thrown = catchThrowable(() -> ImageFolder.convert(file, 3, 8));
            assertThat(thrown).as("seed %d", seed).isInstanceOf(InvalidInputException.class);
            assertThat(thrown.getMessage())
                    .startsWith(file.toString())
                    .matches(".* (is damaged|cannot be decoded) \\(.*")
                    .endsWith(REPLACE);
        }
    }

    /**
     * A CMYK JPEG as Photoshop writes one: an Adobe APP14 segment (transform 0, no colour
     * transform) and inverted samples, 255 for no ink; 16 × 8, paper on the left, full cyan on the
     * right.
     */
    private static byte[] cmykJpeg() throws IOException {
        WritableRaster raster =
                Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 8, 4, null);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                raster.setPixel(x, y, new int[] {x < 8 ? 255 : 0, 255, 255, 255});
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), null);
        } finally {
            writer.dispose();
        }
        byte[] plain = bytes.toByteArray();
        byte[] adobe = {
            (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0
        };
        ByteBuffer jpeg = ByteBuffer.allocate(plain.length + adobe.length);
        jpeg.put(plain, 0, 2).put(adobe).put(plain, 2, plain.length - 2);
        return jpeg.array();
    }

    @Test
    void aCmykJpegDecodesToRgbOrIsRefusedWithHowToConvertIt() throws IOException {
        byte[] cmyk = cmykJpeg();
        Path file = write("cmyk.jpg", cmyk);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(cmyk))) {
            assertThat(JpegHeader.read(in).components()).isEqualTo(4);
        }
        byte[] rgb;
        try {
            rgb = ImageFolder.convert(file, 3, 16);
        } catch (InvalidInputException e) {
            // Java 17 builds without JDK-8274735.
            assertThat(e)
                    .hasMessage(
                            file
                                    + " is a CMYK JPEG, which this Java does not decode; convert it"
                                    + " to RGB, e.g. convert in.jpg -colorspace sRGB out.jpg");
            return;
        }
        assertThat(ImageDecoder.colour(cmyk)).as("a colour file").isTrue();
        // Rows 4 to 11 of the 16 × 16 square; paper is white, cyan is (0, 255, 255).
        int paper = 8 * 16 + 3;
        int cyan = 8 * 16 + 12;
        int plane = 16 * 16;
        for (int c = 0; c < 3; c++) {
            assertThat(rgb[c * plane + paper] & 0xFF).as("paper, plane %d", c).isGreaterThan(250);
        }
        assertThat(rgb[cyan] & 0xFF).as("cyan's red").isLessThan(5);
        assertThat(rgb[plane + cyan] & 0xFF).as("cyan's green").isGreaterThan(250);
        assertThat(rgb[2 * plane + cyan] & 0xFF).as("cyan's blue").isGreaterThan(250);
    }

    /**
     * A JPEG with its JFIF APP0 segment replaced by an EXIF APP1 one, as a phone writes it, whose
     * first image directory holds an unrelated tag and then Orientation.
     */
    private static byte[] withOrientation(byte[] jpeg, int orientation, ByteOrder order) {
        assertThat(jpeg[3]).as("APP0 after SOI").isEqualTo((byte) 0xE0);
        int app0 = 2 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 2 * 12 + 4).order(order);
        tiff.put(order == ByteOrder.BIG_ENDIAN ? (byte) 'M' : (byte) 'I');
        tiff.put(tiff.get(0)).putShort((short) 42).putInt(8);
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x010F)
                .putShort((short) 2)
                .putInt(4)
                .put("Nin\0".getBytes(StandardCharsets.ISO_8859_1));
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1);
        tiff.putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        byte[] exif = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        int length = 2 + exif.length + tiff.capacity();
        ByteBuffer out = ByteBuffer.allocate(jpeg.length - app0 + 2 + length);
        out.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xE1).putShort((short) length);
        out.put(exif).put(tiff.array()).put(jpeg, 2 + app0, jpeg.length - 2 - app0);
        return out.array();
    }

    /** 32 × 16, white on the left half, black on the right. */
    private static byte[] leftWhiteJpeg() throws IOException {
        BufferedImage image = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                image.setRGB(x, y, 0xFFFFFF);
            }
        }
        return encode(image, "jpg");
    }

    @Test
    void aJpegIsTurnedUprightAsItsExifOrientationSays() throws IOException {
        byte[] stored = leftWhiteJpeg();
        Path sideways = write("sideways.jpg", withOrientation(stored, 6, ByteOrder.BIG_ENDIAN));
        // The premise: Java ignores the orientation.
        BufferedImage ignored = ImageIO.read(sideways.toFile());
        assertThat(ignored.getWidth()).isEqualTo(32);

        // Orientation 6, turned 90° clockwise: 16 wide, 32 high, the white half on top.
        BufferedImage upright = PhotoConverter.read(sideways);
        assertThat(upright.getWidth()).isEqualTo(16);
        assertThat(upright.getHeight()).isEqualTo(32);
        byte[] converted = ImageFolder.convert(sideways, 1, 32);
        int top = 4 * 32 + 16;
        int bottom = 28 * 32 + 16;
        int border = 4 * 32 + 2;
        assertThat(converted[top] & 0xFF).as("top").isGreaterThan(240);
        assertThat(converted[bottom] & 0xFF).as("bottom").isLessThan(15);
        assertThat(converted[border] & 0xFF).as("the black square around it").isZero();
        // Stored as it is, the image lies across rows 8 to 23: row 4 is the black square.
        assertThat(ImageFolder.convert(write("plain.jpg", stored), 1, 32)[top]).isZero();

        // Little-endian EXIF, orientation 8: turned anticlockwise, the white half at the bottom.
        Path other = write("other.jpg", withOrientation(stored, 8, ByteOrder.LITTLE_ENDIAN));
        byte[] anticlockwise = ImageFolder.convert(other, 1, 32);
        assertThat(anticlockwise[top] & 0xFF).as("top").isLessThan(15);
        assertThat(anticlockwise[bottom] & 0xFF).as("bottom").isGreaterThan(240);
    }

    @Test
    void everyOrientationIsPillowsTransposition() {
        // 3 × 2, samples 1 to 6 row by row; then each orientation's result, row by row.
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setPixels(0, 0, 3, 2, new int[] {1, 2, 3, 4, 5, 6});
        int[][] expected = {
            {1, 2, 3, 4, 5, 6}, // 1: as stored
            {3, 2, 1, 6, 5, 4}, // 2: mirrored left to right
            {6, 5, 4, 3, 2, 1}, // 3: turned 180°
            {4, 5, 6, 1, 2, 3}, // 4: mirrored top to bottom
            {1, 4, 2, 5, 3, 6}, // 5: transposed
            {4, 1, 5, 2, 6, 3}, // 6: turned 90° clockwise
            {6, 3, 5, 2, 4, 1}, // 7: transposed across the other diagonal
            {3, 6, 2, 5, 1, 4} // 8: turned 90° anticlockwise
        };
        for (int orientation = 1; orientation <= 8; orientation++) {
            BufferedImage turned = new JpegHeader(orientation, 3).upright(image);
            int width = orientation >= 5 ? 2 : 3;
            assertThat(turned.getWidth()).as("orientation %d", orientation).isEqualTo(width);
            assertThat(turned.getRaster().getPixels(0, 0, width, 6 / width, (int[]) null))
                    .as("orientation %d", orientation)
                    .containsExactly(expected[orientation - 1]);
        }
    }

    @Test
    void aMalformedExifSegmentIsTakenAsStored() throws IOException {
        byte[] jpeg = withOrientation(leftWhiteJpeg(), 6, ByteOrder.BIG_ENDIAN);
        int length = ((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF);
        byte[] app1 = Arrays.copyOfRange(jpeg, 6, 4 + length);
        assertThat(JpegHeader.orientation(app1)).isEqualTo(6);
        // Every shorter segment, cut anywhere: as stored, never an exception.
        for (int cut = 0; cut < app1.length; cut++) {
            int orientation = JpegHeader.orientation(Arrays.copyOf(app1, cut));
            assertThat(orientation).as("cut at %d", cut).isIn(1, 6);
        }
        // A first directory pointing past the end; a value out of range.
        byte[] far = app1.clone();
        far[6 + 4] = 0x7F;
        assertThat(JpegHeader.orientation(far)).isEqualTo(1);
        byte[] nine = app1.clone();
        nine[6 + 10 + 12 + 9] = 9;
        assertThat(JpegHeader.orientation(nine)).isEqualTo(1);
    }
}
