package io.github.nin4j.report;

import io.github.nin4j.base.AtomicFile;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws captioned grey-scale images in rows, as d2l's {@code show_images(imgs, num_rows, num_cols,
 * titles)} does, and writes the picture as a PNG. Each image is enlarged by a whole factor with
 * nearest-neighbour sampling, so its pixels stay visible; each caption is centred under its image,
 * one or more lines.
 */
public final class ImageGrid {

    private final int columns;
    private final int scale;
    private final Font font;
    private final int padding;

    private ImageGrid(Builder builder) {
        columns = builder.columns;
        scale = builder.scale;
        font = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        padding = builder.padding;
    }

    /**
     * Starts a builder.
     *
     * @return a builder; {@link Builder#setColumns} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Draws the images left to right, top to bottom, on white.
     *
     * @param images at least one image; all the same size
     * @return the picture
     */
    public BufferedImage render(List<CaptionedImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("there are no images to draw");
        }
        int tileHeight = images.get(0).height() * scale;
        int tileWidth = images.get(0).width() * scale;
        for (CaptionedImage image : images) {
            if (image.height() * scale != tileHeight || image.width() * scale != tileWidth) {
                throw new IllegalArgumentException("the images in a grid must share one size");
            }
        }
        BufferedImage canvas = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D probe = canvas.createGraphics();
        FontMetrics metrics = probe.getFontMetrics(font);
        probe.dispose();
        int captionWidth = 0;
        int captionLines = 0;
        for (CaptionedImage image : images) {
            String[] lines = image.caption().split("\n", -1);
            captionLines = Math.max(captionLines, lines.length);
            for (String line : lines) {
                captionWidth = Math.max(captionWidth, metrics.stringWidth(line));
            }
        }
        int cellWidth = Math.max(tileWidth, captionWidth) + padding;
        int cellHeight = tileHeight + padding / 2 + captionLines * metrics.getHeight() + padding;
        int used = Math.min(columns, images.size());
        int rows = (images.size() + columns - 1) / columns;
        canvas =
                new BufferedImage(
                        used * cellWidth + padding,
                        rows * cellHeight + padding,
                        BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION,
                    RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            g.setColor(Color.BLACK);
            for (int i = 0; i < images.size(); i++) {
                CaptionedImage image = images.get(i);
                int left = padding + (i % columns) * cellWidth;
                int top = padding + (i / columns) * cellHeight;
                int centre = left + (cellWidth - padding) / 2;
                g.drawImage(tile(image), centre - tileWidth / 2, top, tileWidth, tileHeight, null);
                int baseline = top + tileHeight + padding / 2 + metrics.getAscent();
                for (String line : image.caption().split("\n", -1)) {
                    g.drawString(line, centre - metrics.stringWidth(line) / 2, baseline);
                    baseline += metrics.getHeight();
                }
            }
        } finally {
            g.dispose();
        }
        return canvas;
    }

    /**
     * Draws the images and writes the picture as a PNG, atomically: the file appears complete or
     * not at all.
     *
     * @param images at least one image; all the same size
     * @param png the file to write; its directory is created when missing
     * @throws IOException if the file cannot be written
     */
    public void write(List<CaptionedImage> images, Path png) throws IOException {
        BufferedImage picture = render(images);
        try (AtomicFile file = AtomicFile.create(png)) {
            if (!ImageIO.write(picture, "png", file.temporary().toFile())) {
                throw new IOException("this Java runtime has no PNG writer");
            }
            file.commit();
        }
    }

    // RGB rather than TYPE_BYTE_GRAY: Java treats that grey as linear and would lighten it when
    // drawing onto an sRGB canvas.
    private static BufferedImage tile(CaptionedImage image) {
        BufferedImage tile =
                new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                tile.setRGB(x, y, image.rgb(y, x));
            }
        }
        return tile;
    }

    /** Builds an {@link ImageGrid}. */
    public static final class Builder {
        private int columns;
        private int scale = 3;
        private int padding = 10;

        private Builder() {}

        /**
         * Sets the number of images per row (required), 9 in d2l's Fashion-MNIST figure.
         *
         * @param columns at least 1
         * @return this builder
         */
        public Builder setColumns(int columns) {
            this.columns = columns;
            return this;
        }

        /**
         * Sets how many screen pixels each image pixel takes on a side (default 3).
         *
         * @param scale at least 1
         * @return this builder
         */
        public Builder optScale(int scale) {
            this.scale = scale;
            return this;
        }

        /**
         * Sets the space between cells and around the picture, in pixels (default 10).
         *
         * @param padding at least 0
         * @return this builder
         */
        public Builder optPadding(int padding) {
            this.padding = padding;
            return this;
        }

        /**
         * Builds the grid.
         *
         * @return the grid
         * @throws IllegalArgumentException if a value is out of range
         */
        public ImageGrid build() {
            if (columns < 1) {
                throw new IllegalArgumentException(
                        "setColumns is required and at least 1, got " + columns);
            }
            if (scale < 1 || padding < 0) {
                throw new IllegalArgumentException(
                        "scale must be at least 1 and padding at least 0");
            }
            return new ImageGrid(this);
        }
    }
}
