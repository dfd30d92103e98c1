package io.github.nin4j.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes huge grey PNG files cheaply, for tests of decompression bombs: row by row, never holding
 * the image, so a 40,000 × 40,000 file of zeros costs a few megabytes.
 */
public final class LargePng {

    private static final byte[] SIGNATURE = {(byte) 137, 80, 78, 71, 13, 10, 26, 10};

    private LargePng() {}

    /**
     * Writes an 8-bit grey PNG whose every row is one value.
     *
     * @param file the file
     * @param width pixels per row
     * @param height rows
     * @param rowValue each row's value, 0 to 255, by row
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, int width, int height, IntUnaryOperator rowValue)
            throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            header(out, width, height);
            Deflater deflater = new Deflater(Deflater.BEST_SPEED);
            try (DeflaterOutputStream zlib =
                    new DeflaterOutputStream(new IdatStream(out), deflater, 1 << 16)) {
                byte[] row = new byte[width + 1];
                for (int y = 0; y < height; y++) {
                    Arrays.fill(row, 1, row.length, (byte) rowValue.applyAsInt(y));
                    zlib.write(row);
                }
            } finally {
                deflater.end();
            }
            chunk(out, "IEND", new byte[0]);
        }
    }

    /**
     * Writes an 8-bit grey PNG of zeros without compressing every row: after a full flush, zlib
     * compresses the same input to the same bytes, so one compressed block of rows is repeated, and
     * the stream ends with an empty final block and the Adler-32 of all those zeros (a = 1, b = the
     * byte count, modulo 65521).
     *
     * @param file the file
     * @param width pixels per row
     * @param height rows
     * @throws IOException if the file cannot be written
     */
    public static void writeZeros(Path file, int width, int height) throws IOException {
        int rowsPerBlock = Math.max(1, Math.min(height, (1 << 22) / (width + 1)));
        byte[] block = new byte[rowsPerBlock * (width + 1)];
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        byte[] first;
        byte[] repeated;
        byte[] last;
        try {
            first = deflate(deflater, block, block.length);
            repeated = deflate(deflater, block, block.length);
            if (!Arrays.equals(repeated, deflate(deflater, block, block.length))) {
                throw new IllegalStateException("zlib did not repeat itself after a full flush");
            }
            last = deflate(deflater, block, (height % rowsPerBlock) * (width + 1));
        } finally {
            deflater.end();
        }
        long bytes = (long) height * (width + 1);
        long adler = ((bytes % 65521) << 16) | 1;
        try (OutputStream out = Files.newOutputStream(file)) {
            header(out, width, height);
            try (OutputStream idat = new IdatStream(out)) {
                idat.write(first);
                for (int b = 1; b < height / rowsPerBlock; b++) {
                    idat.write(repeated);
                }
                idat.write(last);
                // The final, empty block with fixed codes, then the checksum.
                idat.write(new byte[] {3, 0});
                idat.write(
                        new byte[] {
                            (byte) (adler >>> 24),
                            (byte) (adler >>> 16),
                            (byte) (adler >>> 8),
                            (byte) adler
                        });
            }
            chunk(out, "IEND", new byte[0]);
        }
    }

    private static byte[] deflate(Deflater deflater, byte[] input, int length) {
        deflater.setInput(input, 0, length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
            out.write(buffer, 0, n);
        } while (n == buffer.length);
        return out.toByteArray();
    }

    private static void header(OutputStream out, int width, int height) throws IOException {
        out.write(SIGNATURE);
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(ihdr);
        data.writeInt(width);
        data.writeInt(height);
        data.writeByte(8); // bit depth
        data.writeByte(0); // grey
        data.writeByte(0); // deflate
        data.writeByte(0); // adaptive filtering
        data.writeByte(0); // not interlaced
        chunk(out, "IHDR", ihdr.toByteArray());
    }

    private static void chunk(OutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream chunk = new DataOutputStream(out);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        chunk.writeInt(data.length);
        chunk.write(name);
        chunk.write(data);
        chunk.writeInt((int) crc.getValue());
        chunk.flush();
    }

    /** Cuts what is written into IDAT chunks of at most 1 MiB; closing flushes, not closes. */
    private static final class IdatStream extends OutputStream {
        private final OutputStream out;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        IdatStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            pending.write(b, off, len);
            if (pending.size() >= 1 << 20) {
                flushChunk();
            }
        }

        private void flushChunk() throws IOException {
            if (pending.size() > 0) {
                chunk(out, "IDAT", pending.toByteArray());
                pending.reset();
            }
        }

        @Override
        public void close() throws IOException {
            flushChunk();
        }
    }
}
