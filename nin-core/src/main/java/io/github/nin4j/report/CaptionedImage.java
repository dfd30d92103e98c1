package io.github.nin4j.report;

/**
 * A grey or colour image with a caption to draw under it.
 *
 * @param pixels {@code channels × height × width} unsigned bytes, channel after channel (red,
 *     green, blue for three), each row-major, 0 dark to 255 bright
 * @param channels 1 for grey, 3 for colour
 * @param height the image's height in pixels
 * @param width the image's width in pixels
 * @param caption the text under the image; a line break starts a second line (for example "true"
 *     over "predicted")
 */
public record CaptionedImage(byte[] pixels, int channels, int height, int width, String caption) {

    /** Checks that the pixels fill the image and copies them. */
    public CaptionedImage {
        if ((channels != 1 && channels != 3)
                || height < 1
                || width < 1
                || pixels.length != channels * height * width) {
            throw new IllegalArgumentException(
                    "a %sx%sx%s image needs %s values, got %s"
                            .formatted(
                                    channels,
                                    height,
                                    width,
                                    channels * height * width,
                                    pixels.length));
        }
        pixels = pixels.clone();
        caption = caption == null ? "" : caption;
    }

    /**
     * A grey image.
     *
     * @param pixels {@code height × width} unsigned bytes, row-major, 0 black to 255 white
     * @param height the image's height in pixels
     * @param width the image's width in pixels
     * @param caption the text under the image
     */
    public CaptionedImage(byte[] pixels, int height, int width, String caption) {
        this(pixels, 1, height, width, caption);
    }

    /**
     * A copy of the pixels.
     *
     * @return {@code channels × height × width} bytes
     */
    @Override
    public byte[] pixels() {
        return pixels.clone();
    }

    /**
     * The colour of one pixel; grey images give equal red, green and blue.
     *
     * @param row the row, from the top
     * @param column the column, from the left
     * @return {@code 0xRRGGBB}
     */
    public int rgb(int row, int column) {
        int plane = height * width;
        int at = row * width + column;
        int red = pixels[at] & 0xFF;
        int green = pixels[(channels == 3 ? plane : 0) + at] & 0xFF;
        int blue = pixels[(channels == 3 ? 2 * plane : 0) + at] & 0xFF;
        return red << 16 | green << 8 | blue;
    }
}
