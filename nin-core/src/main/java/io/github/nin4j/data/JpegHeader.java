package io.github.nin4j.data;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import javax.imageio.stream.ImageInputStream;

/**
 * What {@link ImageDecoder} needs from a JPEG's header segments, which Java's JPEG reader does not
 * give: the EXIF orientation, and how many colour components the frame has (4 for CMYK).
 *
 * <p>Only the segments before the first scan are read, each bounds-checked: a header that is cut
 * short or malformed yields what was read before the damage, and the decoder then reports the
 * damage itself.
 *
 * @param orientation the EXIF Orientation tag (0x0112), 1 to 8; 1, as stored, when there is none
 * @param components the frame's colour components; 0 when no frame header was read
 */
record JpegHeader(int orientation, int components) {

    /** A file that is not a JPEG: as stored, no frame. */
    static final JpegHeader NONE = new JpegHeader(1, 0);

    private static final byte[] EXIF = {'E', 'x', 'i', 'f', 0, 0};

    /**
     * Reads the header segments from the stream's current position, and goes back to it.
     *
     * @param in a stream at the start of a file
     * @return the header, or {@link #NONE} when the file does not start as a JPEG
     * @throws IOException if the stream cannot be read
     */
    static JpegHeader read(ImageInputStream in) throws IOException {
        ByteOrder order = in.getByteOrder();
        in.mark();
        int orientation = 1;
        int components = 0;
        try {
            in.setByteOrder(ByteOrder.BIG_ENDIAN);
            if (in.readUnsignedShort() != 0xFFD8) {
                return NONE;
            }
            while (in.readUnsignedByte() == 0xFF) {
                int marker = in.readUnsignedByte();
                while (marker == 0xFF) {
                    marker = in.readUnsignedByte(); // fill bytes
                }
                if (marker == 0xDA || marker == 0xD9) {
                    break; // the first scan, or the end: the header is over
                }
                int length = in.readUnsignedShort() - 2;
                if (length < 0) {
                    break;
                }
                boolean frame =
                        marker >= 0xC0
                                && marker <= 0xCF
                                && marker != 0xC4 // Huffman tables
                                && marker != 0xC8 // reserved
                                && marker != 0xCC; // arithmetic-coding conditioning
                if (frame && length >= 6) {
                    byte[] segment = new byte[length];
                    in.readFully(segment);
                    components = segment[5] & 0xFF; // after precision, height and width
                } else if (marker == 0xE1 && orientation == 1) {
                    byte[] segment = new byte[length];
                    in.readFully(segment);
                    orientation = orientation(segment);
                } else {
                    in.seek(in.getStreamPosition() + length);
                }
            }
        } catch (EOFException e) {
            // Cut short: what was read before.
        } finally {
            in.reset();
            in.setByteOrder(order);
        }
        return new JpegHeader(orientation, components);
    }

    /**
     * The Orientation tag of an APP1 segment's EXIF data: its TIFF header, then the first image
     * directory's entries, 12 bytes each, searched for tag 0x0112 of type SHORT.
     *
     * @param app1 the segment's content, after its length
     * @return 1 to 8; 1 when the segment is not EXIF, has no such tag, or is malformed
     */
    static int orientation(byte[] app1) {
        if (app1.length < EXIF.length + 8 || !Arrays.equals(app1, 0, 6, EXIF, 0, 6)) {
            return 1;
        }
        ByteBuffer tiff = ByteBuffer.wrap(app1, EXIF.length, app1.length - EXIF.length).slice();
        short byteOrder = tiff.getShort(0);
        if (byteOrder == 0x4949) { // "II"
            tiff.order(ByteOrder.LITTLE_ENDIAN);
        } else if (byteOrder != 0x4D4D) { // "MM"
            return 1;
        }
        if (tiff.getShort(2) != 42) {
            return 1;
        }
        long directory = Integer.toUnsignedLong(tiff.getInt(4));
        if (directory > tiff.limit() - 2) {
            return 1;
        }
        int entries = Short.toUnsignedInt(tiff.getShort((int) directory));
        for (int i = 0; i < entries; i++) {
            long entry = directory + 2 + 12L * i;
            if (entry > tiff.limit() - 12) {
                return 1;
            }
            int at = (int) entry;
            if (Short.toUnsignedInt(tiff.getShort(at)) == 0x0112) {
                int type = Short.toUnsignedInt(tiff.getShort(at + 2));
                int value = Short.toUnsignedInt(tiff.getShort(at + 8));
                return type == 3 && value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    /**
     * Turns a decoded image upright, as its EXIF orientation says and as Pillow's {@code
     * ImageOps.exif_transpose} does: 2 mirrors it left to right, 3 turns it 180°, 4 mirrors it top
     * to bottom, 5 transposes it, 6 turns it 90° clockwise, 7 transposes it across the other
     * diagonal, 8 turns it 90° anticlockwise. The samples are copied as they are, in the image's
     * own colour model.
     *
     * @param image the image as stored
     * @return the image upright; {@code image} itself for orientation 1
     */
    BufferedImage upright(BufferedImage image) {
        if (orientation < 2 || orientation > 8) {
            return image;
        }
        // Each orientation is a transpose (5 to 8) of the stored image, then flips of the result.
        boolean transpose = orientation >= 5;
        boolean flipX =
                orientation == 2 || orientation == 3 || orientation == 6 || orientation == 7;
        boolean flipY =
                orientation == 3 || orientation == 4 || orientation == 7 || orientation == 8;
        int width = transpose ? image.getHeight() : image.getWidth();
        int height = transpose ? image.getWidth() : image.getHeight();
        WritableRaster source = image.getRaster();
        WritableRaster target = source.createCompatibleWritableRaster(width, height);
        Object pixel = null;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int tx = flipX ? width - 1 - x : x;
                int ty = flipY ? height - 1 - y : y;
                pixel = source.getDataElements(transpose ? ty : tx, transpose ? tx : ty, pixel);
                target.setDataElements(x, y, pixel);
            }
        }
        return new BufferedImage(image.getColorModel(), target, image.isAlphaPremultiplied(), null);
    }
}
