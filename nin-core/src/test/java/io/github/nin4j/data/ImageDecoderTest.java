package io.github.nin4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.nin4j.base.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {

    @TempDir Path dir;

    private static final String BOMB_LINE =
            " is 40,000 × 40,000 pixels (1,600,000,000), more than the 178,956,970 this program"
                    + " decodes (Pillow's decompression-bomb limit); scale it down first";

    @Test
    void theTestWriterMakesRealPngs() throws IOException {
        Path zeros = dir.resolve("zeros.png");
        LargePng.writeZeros(zeros, 301, 203);
        BufferedImage image = ImageIO.read(zeros.toFile());
        assertThat(image.getWidth()).isEqualTo(301);
        assertThat(image.getHeight()).isEqualTo(203);
        assertThat(image.getRaster().getSamples(0, 0, 301, 203, 0, (int[]) null)).containsOnly(0);
        Path rows = dir.resolve("rows.png");
        LargePng.write(rows, 50, 40, y -> y * 5);
        BufferedImage gradient = ImageIO.read(rows.toFile());
        assertThat(gradient.getRaster().getSample(49, 39, 0)).isEqualTo(195);
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeader() throws IOException {
        // 40,000 × 40,000 grey zeros: about 1.6 MB on disk, 1.6 GB decoded, 13 GB as planes.
        Path bomb = dir.resolve("bomb.png");
        LargePng.writeZeros(bomb, 40_000, 40_000);
        assertThat(Files.size(bomb)).isLessThan(4_000_000);
        assertThatThrownBy(() -> PhotoConverter.read(bomb))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("image " + bomb + BOMB_LINE);
        assertThatThrownBy(() -> ImageFolder.convert(bomb, 3, 28))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("image " + bomb + BOMB_LINE);
    }

    @Test
    void aBombInAFolderIsNamedWithEveryOtherBadImage() throws IOException {
        for (String name : new String[] {"cat/a.png", "cat/b.png", "dog/a.png", "dog/b.png"}) {
            Path file = dir.resolve("data").resolve(name);
            Files.createDirectories(file.getParent());
            LargePng.write(file, 4, 4, y -> 100);
        }
        Path bomb = dir.resolve("data/dog/bomb.png");
        LargePng.writeZeros(bomb, 40_000, 40_000);
        assertThatThrownBy(() -> ImageFolder.builder().setRoot(dir.resolve("data")).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("image " + bomb + BOMB_LINE);
        Path text = Files.writeString(dir.resolve("data/cat/notes.png"), "not an image");
        assertThatThrownBy(() -> ImageFolder.builder().setRoot(dir.resolve("data")).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        text
                                + " is not a PNG or JPEG image Java can decode; replace it with"
                                + " an intact copy or remove it; 1 more image cannot be used"
                                + " either: "
                                + bomb);
    }

    @Test
    void aLargeImageIsDecodedSubsampledAndConvertsAsTheWholeWould() throws IOException {
        // 13,000 × 13,000 = 169 million pixels, just under the limit: 169 MB decoded whole and
        // 1.35 GB as a plane of doubles; subsampled by 7 it is 1,858 × 1,858.
        Path large = dir.resolve("large.png");
        int side = 13_000;
        LargePng.write(large, side, side, y -> y * 200 / side);
        BufferedImage image = PhotoConverter.read(large);
        assertThat(image.getWidth()).isEqualTo(1_858);
        assertThat(image.getHeight()).isEqualTo(1_858);
        byte[] pixels = new PhotoConverter().convert(image);
        // The whole image's area average of a vertical ramp: row r covers rows [r, r + 1) × side
        // / 28 of the source, whose values average to about the ramp at its middle.
        for (int r = 0; r < 28; r++) {
            double expected = (r + 0.5) * 200 / 28 - 0.5;
            for (int c = 0; c < 28; c++) {
                assertThat((double) (pixels[r * 28 + c] & 0xff))
                        .as("row %d column %d", r, c)
                        .isCloseTo(expected, within(1.0));
            }
        }
    }

    @Test
    void imagesUpToTheWholeBudgetAreDecodedExactlyAsImageIoDoes() throws IOException {
        assertThat(ImageDecoder.step(4096, 4096, 28, ImageDecoder.WHOLE_PIXELS, 1)).isEqualTo(1);
        assertThat(ImageDecoder.step(4097, 4096, 28, ImageDecoder.WHOLE_PIXELS, 2048L * 2048))
                .isEqualTo(3);
        // The side it is converted to bounds the step: never fewer than 4 samples per pixel.
        assertThat(ImageDecoder.step(8000, 8000, 1000, ImageDecoder.WHOLE_PIXELS, 2048L * 2048))
                .isEqualTo(2);
        BufferedImage photo = smoothPhoto(640, 480);
        Path file = dir.resolve("photo.png");
        ImageIO.write(photo, "png", file.toFile());
        BufferedImage decoded = PhotoConverter.read(file);
        BufferedImage reference = ImageIO.read(file.toFile());
        assertThat(decoded.getType()).isEqualTo(reference.getType());
        assertThat(pixels(decoded)).isEqualTo(pixels(reference));
    }

    /**
     * What "converts closely" means for a subsampled image: every converted pixel within 2 grey
     * levels of the whole decode's, for content smooth at the scale of the subsampling step (here a
     * soft-edged item on a light background, as product photos are). Detail finer than the step,
     * such as a hard edge, can move by up to one step and differ more.
     */
    @Test
    void aSubsampledDecodeConvertsWithinTwoLevelsOfTheWholeDecode() throws IOException {
        Path file = dir.resolve("photo.png");
        ImageIO.write(smoothPhoto(1500, 1200), "png", file.toFile());
        BufferedImage subsampled;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            // A budget scaled down with the image: step 3, as a 4500 × 3600 photo gets.
            subsampled = ImageDecoder.decode(in, file, 28, 1_000_000, 250_000);
        }
        assertThat(subsampled.getWidth()).isEqualTo(500);
        byte[] fromSubsampled = new PhotoConverter().convert(subsampled);
        byte[] fromWhole = new PhotoConverter().convert(ImageIO.read(file.toFile()));
        int worst = 0;
        for (int i = 0; i < fromWhole.length; i++) {
            worst = Math.max(worst, Math.abs((fromWhole[i] & 0xff) - (fromSubsampled[i] & 0xff)));
        }
        assertThat(worst).isLessThanOrEqualTo(2);
    }

    /** A dark item with soft edges on a light background, in colour. */
    private static BufferedImage smoothPhoto(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        double soft = Math.max(width, height) / 20.0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double dx = (x - width / 2.0) / (width / 3.0);
                double dy = (y - height / 2.0) / (height / 2.5);
                double inside = Math.sqrt(dx * dx + dy * dy) - 1;
                double item = 1 / (1 + Math.exp(inside * Math.max(width, height) / soft / 3));
                int r = (int) Math.round(240 - 200 * item);
                int g = (int) Math.round(235 - 150 * item + 10.0 * x / width);
                int b = (int) Math.round(230 - 100 * item);
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
