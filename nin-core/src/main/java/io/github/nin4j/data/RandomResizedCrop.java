package io.github.nin4j.data;

import java.util.Random;

/**
 * Where torchvision's {@code RandomResizedCrop} (default scale 0.08 to 1, ratio 3/4 to 4/3) and
 * {@code RandomHorizontalFlip} would cut and turn one image: its {@code get_params} algorithm, ten
 * tries at a random area and aspect ratio, then the centre crop of the nearest allowed ratio.
 *
 * @param top the crop's first row
 * @param left its first column
 * @param height its rows
 * @param width its columns
 * @param flip whether it is mirrored left to right
 */
record RandomResizedCrop(int top, int left, int height, int width, boolean flip) {

    static final double MIN_SCALE = 0.08;
    static final double MAX_SCALE = 1.0;
    static final double MIN_RATIO = 3.0 / 4.0;
    static final double MAX_RATIO = 4.0 / 3.0;

    /** Draws a crop of an image. */
    static RandomResizedCrop draw(Random random, int imageHeight, int imageWidth) {
        double area = (double) imageHeight * imageWidth;
        double logMin = Math.log(MIN_RATIO);
        double logMax = Math.log(MAX_RATIO);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (MIN_SCALE + (MAX_SCALE - MIN_SCALE) * random.nextDouble());
            double ratio = Math.exp(logMin + (logMax - logMin) * random.nextDouble());
            int w = (int) Math.round(Math.sqrt(target * ratio));
            int h = (int) Math.round(Math.sqrt(target / ratio));
            if (w > 0 && w <= imageWidth && h > 0 && h <= imageHeight) {
                int top = random.nextInt(imageHeight - h + 1);
                int left = random.nextInt(imageWidth - w + 1);
                return new RandomResizedCrop(top, left, h, w, random.nextBoolean());
            }
        }
        double ratio = (double) imageWidth / imageHeight;
        int w = imageWidth;
        int h = imageHeight;
        if (ratio < MIN_RATIO) {
            h = (int) Math.round(w / MIN_RATIO);
        } else if (ratio > MAX_RATIO) {
            w = (int) Math.round(h * MAX_RATIO);
        }
        return new RandomResizedCrop(
                (imageHeight - h) / 2, (imageWidth - w) / 2, h, w, random.nextBoolean());
    }

    /** The draws of one image (its index in its split) in one epoch: the same whenever made. */
    static Random random(long seed, int epoch, int image) {
        long mixed = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + image;
        return new Random(mixed ^ (mixed >>> 31));
    }
}
