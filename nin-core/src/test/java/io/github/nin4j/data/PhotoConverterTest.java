package io.github.nin4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nin4j.base.InvalidInputException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhotoConverterTest {

    private final PhotoConverter converter = new PhotoConverter();

    private static BufferedImage picture(Color background, Color item, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, width, height);
        g.setColor(item);
        g.fillRect(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return image;
    }

    private static int at(byte[] pixels, int row, int col) {
        return pixels[row * 28 + col] & 0xff;
    }

    @Test
    void darkItemOnWhiteBecomesLightOnBlack() {
        byte[] pixels = converter.convert(picture(Color.WHITE, Color.BLACK, 56, 56));
        assertThat(pixels).hasSize(784);
        assertThat(at(pixels, 14, 14)).isEqualTo(255);
        assertThat(at(pixels, 0, 0)).isZero();
    }

    @Test
    void lightItemOnBlackIsKeptAsItIs() {
        byte[] pixels = converter.convert(picture(Color.BLACK, Color.WHITE, 56, 56));
        assertThat(at(pixels, 14, 14)).isEqualTo(255);
        assertThat(at(pixels, 0, 0)).isZero();
    }

    @Test
    void colourBecomesLuminanceAndTheLongerSideIsScaledTo28() {
        // A pure green item (luminance 0.587·255 = 150) on black, twice as wide as high: the
        // picture becomes 28×14, centred, with black bands above and below.
        byte[] pixels = converter.convert(picture(Color.BLACK, Color.GREEN, 112, 56));
        assertThat(at(pixels, 14, 14)).isEqualTo(150);
        assertThat(at(pixels, 2, 14)).isZero();
        assertThat(at(pixels, 25, 14)).isZero();
    }

    @Test
    void greyFilesKeepTheirStoredValues(@TempDir Path dir) throws Exception {
        // Java's getRGB would read a stored grey 100 as 168, as if it were linear light.
        BufferedImage grey = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 7; y < 21; y++) {
            for (int x = 7; x < 21; x++) {
                grey.getRaster().setSample(x, y, 0, 100);
            }
        }
        Path file = dir.resolve("grey.png");
        ImageIO.write(grey, "png", file.toFile());
        byte[] pixels = converter.convert(PhotoConverter.read(file));
        assertThat(at(pixels, 14, 14)).isEqualTo(100);
        assertThat(at(pixels, 0, 0)).isZero();
    }

    @Test
    void unreadableFilesAreClearErrors(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
        assertThatThrownBy(() -> converter.convert(PhotoConverter.read(text)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("notes.png is not a PNG or JPEG");
        assertThatThrownBy(() -> converter.convert(PhotoConverter.read(dir.resolve("absent.jpg"))))
                .hasMessageContaining("absent.jpg does not exist");
    }
}
