package io.github.nin4j.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * The pixel work {@link PhotoConverter} and {@link ImageFolder} share: reading an image's values as
 * grey or as red, green and blue, and fitting them into a black square by area averaging.
 */
final class ImagePixels {

    private ImagePixels() {}

    /**
     * An image's values, plane by plane, each row-major, 0 to 255. Transparent pixels are laid on
     * white; grey is luminance by ITU-R BT.601 (0.299 R + 0.587 G + 0.114 B), as PIL's {@code
     * convert("L")}. A grey image's stored values are taken as they are: Java's {@code getRGB}
     * would treat them as linear light and brighten them (128 becomes 188).
     *
     * @return {@code channels} planes (1: luminance; 3: red, green, blue) of {@code width × height}
     */
    static double[][] planes(BufferedImage image, int channels) {
        int w = image.getWidth();
        int h = image.getHeight();
        double[][] planes = new double[channels][w * h];
        Raster grey = greyRaster(image);
        ColorModel model = image.getColorModel();
        double greyScale = grey == null ? 0 : 255.0 / maxSample(model, 0);
        boolean greyAlpha = grey != null && model.hasAlpha();
        double alphaScale = greyAlpha ? 1.0 / maxSample(model, 1) : 0;
        byte[] bgr = grey == null ? sRgbBytes(image) : null;
        if (bgr != null) {
            // Opaque sRGB bytes, as JPEGs decode: getRGB would return them unchanged, and laid on
            // white with alpha 1 they stay as they are, so they are the values.
            for (int i = 0; i < w * h; i++) {
                store(planes, i, bgr[3 * i + 2] & 0xff, bgr[3 * i + 1] & 0xff, bgr[3 * i] & 0xff);
            }
            return planes;
        }
        // Other colour images row by row through getRGB's bulk form: the same conversion as pixel
        // by pixel, without its cost per call.
        int[] row = grey == null ? new int[w] : null;
        for (int y = 0; y < h; y++) {
            if (row != null) {
                image.getRGB(0, y, w, 1, row, 0, w);
            }
            for (int x = 0; x < w; x++) {
                if (grey != null) {
                    double alpha = greyAlpha ? grey.getSample(x, y, 1) * alphaScale : 1;
                    double v = grey.getSample(x, y, 0) * greyScale * alpha + 255 * (1 - alpha);
                    store(planes, y * w + x, v, v, v);
                } else {
                    int argb = row[x];
                    double alpha = ((argb >>> 24) & 0xff) / 255.0;
                    double r = ((argb >> 16) & 0xff) * alpha + 255 * (1 - alpha);
                    double g = ((argb >> 8) & 0xff) * alpha + 255 * (1 - alpha);
                    double b = (argb & 0xff) * alpha + 255 * (1 - alpha);
                    store(planes, y * w + x, r, g, b);
                }
            }
        }
        return planes;
    }

    /**
     * Scales planes of {@code w × h} values (0 to 255, row-major) so that the longer side becomes
     * {@code side}, keeping the aspect ratio, by area averaging, and centres them on a black
     * square: {@code planes.length × side × side} bytes, plane after plane, each row-major.
     */
    static byte[] fitSquare(double[][] planes, int w, int h, int side) {
        double scale = (double) side / Math.max(w, h);
        int sw = Math.max(1, (int) Math.round(w * scale));
        int sh = Math.max(1, (int) Math.round(h * scale));
        int left = (side - sw) / 2;
        int top = (side - sh) / 2;
        byte[] pixels = new byte[planes.length * side * side];
        Window[] columns = new Window[sw];
        for (int ox = 0; ox < sw; ox++) {
            columns[ox] = Window.of(ox * (double) w / sw, (ox + 1) * (double) w / sw, w);
        }
        Window[] rows = new Window[sh];
        for (int oy = 0; oy < sh; oy++) {
            rows[oy] = Window.of(oy * (double) h / sh, (oy + 1) * (double) h / sh, h);
        }
        for (int c = 0; c < planes.length; c++) {
            int offset = c * side * side;
            double[] source = planes[c];
            for (int oy = 0; oy < sh; oy++) {
                Window row = rows[oy];
                for (int ox = 0; ox < sw; ox++) {
                    Window column = columns[ox];
                    // Area averaging, term by term in the order of a plain double loop over the
                    // rows and then the columns under the output pixel.
                    double sum = 0;
                    double area = 0;
                    for (int j = 0; j < row.weights.length; j++) {
                        double wy = row.weights[j];
                        int base = (row.first + j) * w + column.first;
                        for (int i = 0; i < column.weights.length; i++) {
                            double wx = column.weights[i];
                            sum += source[base + i] * wx * wy;
                            area += wx * wy;
                        }
                    }
                    pixels[offset + (top + oy) * side + left + ox] = (byte) Math.round(sum / area);
                }
            }
        }
        return pixels;
    }

    /**
     * The source pixels under one output pixel along one axis, from {@code start} to {@code end}
     * (fractions of a pixel), and how much of each it covers.
     */
    private record Window(int first, double[] weights) {
        static Window of(double start, double end, int size) {
            int first = (int) start;
            int last = (int) Math.min(size, Math.ceil(end));
            double[] weights = new double[Math.max(0, last - first)];
            for (int x = first; x < last; x++) {
                weights[x - first] = Math.min(x + 1, end) - Math.max(x, start);
            }
            return new Window(first, weights);
        }
    }

    /** Stores one pixel: its luminance in a single plane, or red, green and blue in three. */
    private static void store(double[][] planes, int i, double r, double g, double b) {
        if (planes.length == 1) {
            planes[0][i] = 0.299 * r + 0.587 * g + 0.114 * b;
        } else {
            planes[0][i] = r;
            planes[1][i] = g;
            planes[2][i] = b;
        }
    }

    /**
     * The bytes of an image stored as blue, green, red, three bytes a pixel, row after row, in sRGB
     * without alpha (what Java's JPEG decoder makes), or null for any other image.
     */
    private static byte[] sRgbBytes(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR
                || !image.getColorModel().getColorSpace().isCS_sRGB()) {
            return null;
        }
        WritableRaster raster = image.getRaster();
        if (!(raster.getSampleModel() instanceof PixelInterleavedSampleModel model)
                || !(raster.getDataBuffer() instanceof DataBufferByte buffer)
                || raster.getParent() != null
                || raster.getMinX() != 0
                || raster.getMinY() != 0
                || raster.getSampleModelTranslateX() != 0
                || raster.getSampleModelTranslateY() != 0
                || buffer.getNumBanks() != 1
                || buffer.getOffset() != 0
                || model.getPixelStride() != 3
                || model.getScanlineStride() != 3 * image.getWidth()) {
            return null;
        }
        int[] offsets = model.getBandOffsets();
        return offsets.length == 3 && offsets[0] == 2 && offsets[1] == 1 && offsets[2] == 0
                ? buffer.getData()
                : null;
    }

    /** The raster of a grey image (with or without alpha) whose samples to read directly. */
    private static Raster greyRaster(BufferedImage image) {
        ColorModel model = image.getColorModel();
        return model instanceof ComponentColorModel
                        && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                ? image.getRaster()
                : null;
    }

    private static double maxSample(ColorModel model, int band) {
        return (1 << model.getComponentSize(band)) - 1;
    }
}
