package io.github.nin4j.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A small, generated stand-in for Fashion-MNIST in the real IDX format: {@code train} and {@code
 * test} 28×28 images whose pixel (r, c) of image i is {@code (7i + 3r + c) mod 256} and whose label
 * is {@code i mod 10}.
 */
public final class SmallFashionMnist {

    private final Map<FashionMnistFile, byte[]> files = new EnumMap<>(FashionMnistFile.class);

    /**
     * Generates the four files' content.
     *
     * @param train training images
     * @param test test images
     */
    public SmallFashionMnist(int train, int test) {
        files.put(FashionMnistFile.TRAIN_IMAGES, images(train));
        files.put(FashionMnistFile.TRAIN_LABELS, labels(train));
        files.put(FashionMnistFile.TEST_IMAGES, images(test));
        files.put(FashionMnistFile.TEST_LABELS, labels(test));
    }

    /** The pixel the generator puts at (r, c) of image i. */
    public static int pixel(int i, int r, int c) {
        return (7 * i + 3 * r + c) & 0xFF;
    }

    /** An IDX header: two zero bytes, the type, the number of dimensions, the dimensions. */
    public static byte[] header(int type, int... dimensions) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dimensions.length);
        buffer.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dimensions.length);
        for (int d : dimensions) {
            buffer.putInt(d);
        }
        return buffer.array();
    }

    /** Bytes one after the other. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** The bytes gzipped. */
    public static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The SHA-256 of the bytes, in hexadecimal. */
    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The training split as an image set, read back from the generated content. */
    public ImageSet asTrainSet() {
        byte[] images = files.get(FashionMnistFile.TRAIN_IMAGES);
        byte[] labels = files.get(FashionMnistFile.TRAIN_LABELS);
        return ImageSet.of(
                Arrays.copyOfRange(images, 16, images.length),
                Arrays.copyOfRange(labels, 8, labels.length),
                28,
                28);
    }

    /** One file's IDX content. */
    public byte[] content(FashionMnistFile file) {
        return files.get(file).clone();
    }

    /** File base name to the SHA-256 of its content, as {@code DataLocator} checks it. */
    public Map<String, String> checksums() {
        Map<String, String> checksums = new LinkedHashMap<>();
        files.forEach((file, content) -> checksums.put(file.baseName(), sha256(content)));
        return checksums;
    }

    /**
     * Writes the four files into {@code directory}.
     *
     * @param directory created when missing
     * @param gzipped whether to write {@code name.gz} files
     * @return the directory
     */
    public Path writeTo(Path directory, boolean gzipped) throws IOException {
        Files.createDirectories(directory);
        for (Map.Entry<FashionMnistFile, byte[]> file : files.entrySet()) {
            String name = file.getKey().baseName() + (gzipped ? ".gz" : "");
            Files.write(directory.resolve(name), gzipped ? gzip(file.getValue()) : file.getValue());
        }
        return directory;
    }

    private static byte[] images(int count) {
        byte[] pixels = new byte[count * 28 * 28];
        for (int i = 0; i < count; i++) {
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    pixels[(i * 28 + r) * 28 + c] = (byte) pixel(i, r, c);
                }
            }
        }
        return concat(header(0x08, count, 28, 28), pixels);
    }

    private static byte[] labels(int count) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
        }
        return concat(header(0x08, count), labels);
    }
}
