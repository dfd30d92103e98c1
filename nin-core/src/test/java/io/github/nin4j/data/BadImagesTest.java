package io.github.nin4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.nin4j.base.Fuzz;
import io.github.nin4j.base.InvalidInputException;
import java.awt.Color;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
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
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
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
                    catchThrowable(() -> new PhotoConverter().convert(PhotoConverter.read(file)))
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
        assertThat(ImageDecoder.colour(file)).as("a colour file").isTrue();
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

    /** A 16-bit PNG, 2 × 2, every pixel the samples given; 1 sample grey, 3 RGB. */
    private static byte[] sixteenBitPng(int... samples) throws IOException {
        boolean grey = samples.length == 1;
        ColorSpace space = ColorSpace.getInstance(grey ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ComponentColorModel model =
                new ComponentColorModel(
                        space, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(2, 2);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                raster.setPixel(x, y, samples);
            }
        }
        byte[] png = encode(new BufferedImage(model, raster, false, null), "png");
        assertThat(png[24]).as("IHDR bit depth").isEqualTo((byte) 16);
        assertThat(png[25]).as("IHDR colour type").isEqualTo((byte) (grey ? 0 : 2));
        return png;
    }

    @Test
    void sixteenBitPngsBecomeEightBitsByValueOver257Rounded() throws IOException {
        // 32767 / 257 = 127.498, 32768 / 257 = 127.502.
        Path low = write("grey-low.png", sixteenBitPng(32767));
        Path high = write("grey-high.png", sixteenBitPng(32768));
        assertThat(ImageFolder.convert(low, 1, 2)).containsOnly((byte) 127);
        assertThat(ImageFolder.convert(high, 1, 2)).containsOnly((byte) 128);
        assertThat(ImageFolder.convert(high, 3, 2)).containsOnly((byte) 128);

        Path rgb = write("rgb.png", sixteenBitPng(32767, 32768, 65535));
        byte[] converted = ImageFolder.convert(rgb, 3, 2);
        assertThat(Arrays.copyOfRange(converted, 0, 4)).containsOnly((byte) 127);
        assertThat(Arrays.copyOfRange(converted, 4, 8)).containsOnly((byte) 128);
        assertThat(Arrays.copyOfRange(converted, 8, 12)).containsOnly((byte) 255);
    }

    /** A 3 × 3 palette PNG whose columns are palette entries 0, 1 and 2. */
    private static byte[] palettePng(IndexColorModel palette) throws IOException {
        BufferedImage image = new BufferedImage(3, 3, BufferedImage.TYPE_BYTE_INDEXED, palette);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                image.getRaster().setSample(x, y, 0, x);
            }
        }
        return encode(image, "png");
    }

    private static boolean hasChunk(byte[] png, String type) {
        return new String(png, StandardCharsets.ISO_8859_1).contains(type);
    }

    /** The red, green and blue of pixel (x, 0) of a 3 × 3 image converted at side 3. */
    private static int[] rgbAt(byte[] converted, int x) {
        return new int[] {converted[x] & 0xFF, converted[9 + x] & 0xFF, converted[18 + x] & 0xFF};
    }

    @Test
    void palettePngsKeepTheirColoursAndTransparentEntriesAreLaidOnWhite() throws IOException {
        byte[] r = {(byte) 255, 0, 10};
        byte[] g = {0, (byte) 255, 20};
        byte[] b = {0, 0, (byte) 230};
        byte[] opaque = palettePng(new IndexColorModel(8, 3, r, g, b));
        assertThat(hasChunk(opaque, "PLTE")).isTrue();
        assertThat(hasChunk(opaque, "tRNS")).isFalse();
        byte[] plain = ImageFolder.convert(write("opaque.png", opaque), 3, 3);
        assertThat(rgbAt(plain, 0)).containsExactly(255, 0, 0);
        assertThat(rgbAt(plain, 1)).containsExactly(0, 255, 0);
        assertThat(rgbAt(plain, 2)).containsExactly(10, 20, 230);

        // Entry 1 fully transparent, entry 2 half: 10 × 128/255 + 255 × 127/255 = 132.02.
        byte[] alpha = {(byte) 255, 0, (byte) 128};
        byte[] transparent = palettePng(new IndexColorModel(8, 3, r, g, b, alpha));
        assertThat(hasChunk(transparent, "tRNS")).isTrue();
        byte[] laid = ImageFolder.convert(write("transparent.png", transparent), 3, 3);
        assertThat(rgbAt(laid, 0)).containsExactly(255, 0, 0);
        assertThat(rgbAt(laid, 1)).containsExactly(255, 255, 255);
        assertThat(rgbAt(laid, 2)).containsExactly(132, 137, 242);
    }

    @Test
    void partialAlphaIsLaidOnWhite() throws IOException {
        BufferedImage image = new BufferedImage(3, 3, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                image.setRGB(x, y, new Color(200, 100, 50, 64).getRGB());
            }
        }
        byte[] png = encode(image, "png");
        assertThat(png[25]).as("IHDR colour type RGBA").isEqualTo((byte) 6);
        byte[] laid = ImageFolder.convert(write("rgba.png", png), 3, 3);
        // value × 64/255 + 255 × 191/255: 241.2, 216.1, 203.5.
        assertThat(rgbAt(laid, 1)).containsExactly(241, 216, 204);
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

    private static void png(Path file, BufferedImage image) throws IOException {
        Files.createDirectories(file.getParent());
        assertThat(ImageIO.write(image, "png", file.toFile())).isTrue();
    }

    private static BufferedImage filled(int type, int rgb) {
        BufferedImage image = new BufferedImage(4, 4, type);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    @Test
    void aGreyFileInAColourFolderBecomesEqualRedGreenAndBlue() throws IOException {
        Path root = dir.resolve("mixed");
        BufferedImage grey = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                grey.getRaster().setSample(x, y, 0, 100);
            }
        }
        for (int i = 0; i < 2; i++) {
            png(root.resolve("a/grey" + i + ".png"), grey);
            png(root.resolve("b/red" + i + ".png"), filled(BufferedImage.TYPE_INT_RGB, 0xFF0000));
        }
        ImageFolder folder = ImageFolder.builder().setRoot(root).optSide(4).build();
        assertThat(folder.channels()).isEqualTo(3);
        int greys = 0;
        for (ImageSet set : List.of(folder.train(), folder.test())) {
            for (int i = 0; i < set.size(); i++) {
                byte[] image = set.image(i);
                if (set.label(i) == 0) {
                    assertThat(image).hasSize(3 * 16).containsOnly((byte) 100);
                    greys++;
                } else {
                    assertThat(Arrays.copyOfRange(image, 0, 16)).containsOnly((byte) 255);
                    assertThat(Arrays.copyOfRange(image, 16, 48)).containsOnly((byte) 0);
                }
            }
        }
        assertThat(greys).isEqualTo(2);
    }

    @Test
    void aFileRemovedAfterTheCacheWasBuiltIsANewEntryAndNoError() throws IOException {
        Path root = dir.resolve("images");
        Path cache = dir.resolve("cache");
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 3; i++) {
                int rgb = c == 0 ? 0x102030 * (i + 1) : 0xFF0000 >> (8 * i);
                png(
                        root.resolve("class" + c + "/" + i + ".png"),
                        filled(BufferedImage.TYPE_INT_RGB, rgb));
            }
        }
        AtomicInteger converted = new AtomicInteger();
        ImageFolder.Builder folder =
                ImageFolder.builder()
                        .setRoot(root)
                        .optSide(4)
                        .optCacheDirectory(cache)
                        .optProgress((done, total) -> converted.incrementAndGet());
        folder.build();
        assertThat(converted).hasValue(6);

        Files.delete(root.resolve("class1/2.png"));
        ImageFolder cached = folder.build();
        assertThat(converted).as("the five left converted again").hasValue(11);
        ImageFolder memory = ImageFolder.builder().setRoot(root).optSide(4).build();
        assertThat(cached.train().size() + cached.test().size()).isEqualTo(5);
        for (ImageSet[] sets :
                new ImageSet[][] {
                    {cached.train(), memory.train()}, {cached.test(), memory.test()}
                }) {
            assertThat(sets[0].size()).isEqualTo(sets[1].size());
            for (int i = 0; i < sets[1].size(); i++) {
                assertThat(sets[0].image(i)).isEqualTo(sets[1].image(i));
            }
        }
        try (Stream<Path> entries = Files.list(cache)) {
            assertThat(entries.filter(p -> p.toString().endsWith(".json"))).hasSize(2);
        }
    }
}
