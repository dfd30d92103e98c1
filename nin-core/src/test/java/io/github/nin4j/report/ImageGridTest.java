package io.github.nin4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {

    @TempDir Path dir;

    @Test
    void drawsEachImageEnlargedWithItsExactGreyLevelsAndACaptionUnderIt() {
        List<CaptionedImage> images = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] pixels = new byte[4];
            pixels[0] = (byte) (40 * i);
            pixels[3] = (byte) 255;
            images.add(new CaptionedImage(pixels, 2, 2, "class " + i));
        }
        BufferedImage picture =
                ImageGrid.builder()
                        .setColumns(3)
                        .optScale(10)
                        .optPadding(10)
                        .build()
                        .render(images);

        // Two rows of three cells; the captions are wider than the 20-pixel images.
        int cellWidth = (picture.getWidth() - 10) / 3;
        assertThat(picture.getWidth()).isEqualTo(3 * cellWidth + 10);
        assertThat(cellWidth).isGreaterThan(20 + 10);
        int cellHeight = (picture.getHeight() - 10) / 2;
        for (int i = 0; i < 5; i++) {
            int left = 10 + (i % 3) * cellWidth + (cellWidth - 10) / 2 - 10;
            int top = 10 + (i / 3) * cellHeight;
            // Nearest-neighbour: every screen pixel of an image pixel has its grey level.
            assertThat(grey(picture, left, top)).isEqualTo(40 * i);
            assertThat(grey(picture, left + 9, top + 9)).isEqualTo(40 * i);
            assertThat(grey(picture, left + 10, top)).isZero();
            assertThat(grey(picture, left + 19, top + 19)).isEqualTo(255);
            assertThat(
                            darkPixelsBetween(
                                    picture, left - 10, top + 21, left + 30, top + cellHeight - 10))
                    .as("caption under image %d", i)
                    .isPositive();
        }
        // The sixth cell is empty: all white.
        int emptyLeft = 10 + 2 * cellWidth;
        assertThat(
                        darkPixelsBetween(
                                picture,
                                emptyLeft,
                                10 + cellHeight,
                                emptyLeft + cellWidth - 10,
                                picture.getHeight() - 1))
                .isZero();
    }

    @Test
    void aSecondCaptionLineMakesTheCellsTaller() {
        byte[] pixels = new byte[784];
        ImageGrid grid = ImageGrid.builder().setColumns(9).build();
        BufferedImage oneLine = grid.render(List.of(new CaptionedImage(pixels, 28, 28, "bag")));
        BufferedImage twoLines =
                grid.render(List.of(new CaptionedImage(pixels, 28, 28, "bag\nsandal")));
        assertThat(twoLines.getHeight()).isGreaterThan(oneLine.getHeight());
    }

    @Test
    void writesAPngAtomically() throws IOException {
        Path png = dir.resolve("new/grid.png");
        ImageGrid.builder()
                .setColumns(2)
                .build()
                .write(List.of(new CaptionedImage(new byte[] {0, 1, 2, 3}, 2, 2, "x")), png);
        BufferedImage read = ImageIO.read(png.toFile());
        assertThat(read).isNotNull();
        assertThat(read.getWidth()).isPositive();
        try (var files = Files.list(png.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("grid.png");
        }
    }

    @Test
    void rejectsWhatCannotBeDrawn() {
        assertThatThrownBy(() -> new CaptionedImage(new byte[3], 2, 2, "x"))
                .hasMessage("a 1x2x2 image needs 4 values, got 3");
        assertThatThrownBy(() -> ImageGrid.builder().build())
                .hasMessageStartingWith("setColumns is required");
        ImageGrid grid = ImageGrid.builder().setColumns(2).build();
        assertThatThrownBy(() -> grid.render(List.of())).hasMessage("there are no images to draw");
        assertThatThrownBy(
                        () ->
                                grid.render(
                                        List.of(
                                                new CaptionedImage(new byte[4], 2, 2, "a"),
                                                new CaptionedImage(new byte[9], 3, 3, "b"))))
                .hasMessage("the images in a grid must share one size");
    }

    private static int grey(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        assertThat((rgb >> 16) & 0xFF).isEqualTo(rgb & 0xFF);
        return rgb & 0xFF;
    }

    private static int darkPixelsBetween(BufferedImage image, int x0, int y0, int x1, int y1) {
        int dark = 0;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                if ((image.getRGB(x, y) & 0xFF) < 128) {
                    dark++;
                }
            }
        }
        return dark;
    }
}
