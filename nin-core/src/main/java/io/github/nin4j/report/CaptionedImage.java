package io.github.nin4j.report;

/**
 * A grey-scale image with a caption to draw under it.
 *
 * @param pixels {@code height × width} unsigned bytes, row-major, 0 black to 255 white
 * @param height the image's height in pixels
 * @param width the image's width in pixels
 * @param caption the text under the image; a line break starts a second line (for example "true"
 *     over "predicted")
 */
public record CaptionedImage(byte[] pixels, int height, int width, String caption) {

    /** Checks that the pixels fill the image and copies them. */
    public CaptionedImage {
        if (height < 1 || width < 1 || pixels.length != height * width) {
            throw new IllegalArgumentException(
                    "a "
                            + height
                            + "x"
                            + width
                            + " image needs "
                            + height * width
                            + " pixels, got "
                            + pixels.length);
        }
        pixels = pixels.clone();
        caption = caption == null ? "" : caption;
    }

    /**
     * A copy of the pixels.
     *
     * @return {@code height × width} bytes
     */
    @Override
    public byte[] pixels() {
        return pixels.clone();
    }

    /**
     * The grey level of one pixel.
     *
     * @param row the row, from the top
     * @param column the column, from the left
     * @return 0 (black) to 255 (white)
     */
    public int grey(int row, int column) {
        return pixels[row * width + column] & 0xFF;
    }
}
