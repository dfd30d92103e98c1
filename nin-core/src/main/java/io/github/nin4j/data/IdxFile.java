package io.github.nin4j.data;

import io.github.nin4j.base.Checksums;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One Fashion-MNIST IDX file read strictly, as Tribuo's {@code IDXDataSource} does: the magic
 * number, the element type (unsigned bytes), the number of dimensions, every dimension (28×28
 * images), that the file holds exactly the bytes its header promises, the gzip stream when the name
 * ends in {@code .gz}, and for label files that every label is 0 to 9. Each failure is an {@link
 * InvalidInputException} that names the file and says what is wrong.
 *
 * <p>IDX layout: two zero bytes, a type byte, a byte with the number of dimensions, each dimension
 * as a big-endian 32-bit integer, then the elements, last dimension fastest.
 *
 * @param path the path it was read from
 * @param count the first dimension: the number of images or labels
 * @param data the elements after the header, not copied
 * @param sha256 the SHA-256 of the whole decompressed content, header included: 64 lower-case
 *     hexadecimal digits
 */
record IdxFile(Path path, int count, byte[] data, String sha256) {

    /** The IDX type code of unsigned bytes, the only type Fashion-MNIST uses. */
    static final int UNSIGNED_BYTE = 0x08;

    /** Side of a Fashion-MNIST image. */
    static final int SIDE = 28;

    private static final int BUFFER = 1 << 16;

    /** Reads and checks one file, gzipped when its name ends in {@code .gz}. */
    static IdxFile read(Path path, FashionMnistFile kind) {
        boolean gzipped = path.getFileName().toString().endsWith(FashionMnistFile.GZIP_SUFFIX);
        MessageDigest digest = Checksums.newSha256();
        try (InputStream file = new BufferedInputStream(Files.newInputStream(path), BUFFER);
                InputStream content = gzipped ? new GZIPInputStream(file, BUFFER) : file;
                InputStream in = new DigestInputStream(content, digest)) {
            byte[] data = data(path, kind, in);
            int count = kind.images() ? data.length / (SIDE * SIDE) : data.length;
            return new IdxFile(path, count, data, HexFormat.of().formatHex(digest.digest()));
        } catch (ZipException | EOFException e) {
            // Only GZIPInputStream throws these here: plain reads stop at the end instead.
            throw problem(
                    path,
                    "is not a valid gzip file (%s): it is corrupt or was cut short"
                            .formatted(Reasons.of(e)));
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + path + ": " + Reasons.of(e), e);
        }
    }

    /** The SHA-256 of everything a stream yields, read to its end, in lower-case hex. */
    static String sha256(InputStream in) throws IOException {
        MessageDigest digest = Checksums.newSha256();
        new DigestInputStream(in, digest).transferTo(OutputStream.nullOutputStream());
        return HexFormat.of().formatHex(digest.digest());
    }

    private static InvalidInputException problem(Path path, String what) {
        return new InvalidInputException(
                path + " " + what + "; replace it with an intact copy of the Fashion-MNIST file");
    }

    /** Reads a stream's header and data, checking each part as it comes. */
    private static byte[] data(Path path, FashionMnistFile kind, InputStream in)
            throws IOException {
        byte[] magic = readHeader(in, path, 4, "magic number");
        if (magic[0] != 0 || magic[1] != 0) {
            if ((magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B) {
                throw problem(
                        path,
                        ("is gzip-compressed but its name does not end in .gz; rename it to %s.gz"
                                        + " or decompress it")
                                .formatted(path.getFileName()));
            }
            throw problem(
                    path,
                    ("is not an IDX file: it starts with 0x%s, where an IDX file starts with two"
                                    + " zero bytes")
                            .formatted(HexFormat.of().formatHex(magic)));
        }
        int type = magic[2] & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw problem(
                    path,
                    String.format(
                            Locale.ROOT,
                            "holds %s (IDX type 0x%02X) where Fashion-MNIST files hold"
                                    + " unsigned bytes (type 0x08)",
                            typeName(type),
                            type));
        }
        int expected = kind.images() ? 3 : 1;
        int dimensions = magic[3] & 0xFF;
        if (dimensions != expected) {
            throw problem(
                    path,
                    "has %s dimension%s where %s"
                            .formatted(
                                    dimensions,
                                    dimensions == 1 ? "" : "s",
                                    kind.images()
                                            ? "an image file has 3 (count, rows, columns)"
                                            : "a label file has 1 (count)"));
        }
        ByteBuffer sizes = ByteBuffer.wrap(readHeader(in, path, 4 * dimensions, "dimensions"));
        long[] dims = new long[dimensions];
        for (int i = 0; i < dimensions; i++) {
            dims[i] = Integer.toUnsignedLong(sizes.getInt());
        }
        if (kind.images() && (dims[1] != SIDE || dims[2] != SIDE)) {
            throw problem(
                    path,
                    "holds %sx%s images where Fashion-MNIST images are %sx%3$s"
                            .formatted(dims[1], dims[2], SIDE));
        }
        long bytes = 1;
        for (long d : dims) {
            bytes *= d;
        }
        if (dims[0] == 0) {
            throw problem(path, "holds no " + (kind.images() ? "images" : "labels"));
        }
        if (bytes > Integer.MAX_VALUE - 8) {
            throw problem(
                    path, "promises " + dims[0] + " items, more than one Java array can hold");
        }
        byte[] data = in.readNBytes((int) bytes);
        if (data.length < bytes) {
            throw problem(
                    path,
                    String.format(
                            Locale.ROOT,
                            "is truncated: its header promises %,d bytes of data but it holds"
                                    + " %,d",
                            bytes,
                            data.length));
        }
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw problem(
                    path,
                    String.format(
                            Locale.ROOT,
                            "is longer than its header says: %,d bytes of data are promised"
                                    + " and %,d more follow",
                            bytes,
                            extra));
        }
        if (!kind.images()) {
            checkLabels(path, data);
        }
        return data;
    }

    private static byte[] readHeader(InputStream in, Path path, int length, String part)
            throws IOException {
        byte[] header = in.readNBytes(length);
        if (header.length < length) {
            throw problem(path, "is truncated: it ends inside its header's " + part);
        }
        return header;
    }

    private static void checkLabels(Path path, byte[] labels) {
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xFF;
            if (label >= FashionMnistClass.count()) {
                throw problem(
                        path,
                        "holds label %s at index %s where Fashion-MNIST labels are 0-9"
                                .formatted(label, i));
            }
        }
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x09 -> "signed bytes";
            case 0x0B -> "16-bit integers";
            case 0x0C -> "32-bit integers";
            case 0x0D -> "32-bit floats";
            case 0x0E -> "64-bit floats";
            default -> "elements of an unknown type";
        };
    }
}
