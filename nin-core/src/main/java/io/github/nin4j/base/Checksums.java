package io.github.nin4j.base;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 checksums that run directories, imports and image folders record. */
public final class Checksums {

    private Checksums() {}

    /**
     * The SHA-256 of some bytes, as lowercase hex.
     *
     * @param bytes the content
     * @return 64 hex digits
     */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /**
     * The SHA-256 of a file, read through a buffer of the caller's, so that checking many files
     * makes no array per file.
     *
     * @param file the file
     * @param buffer any capacity above 0, overwritten; a direct buffer reads without a copy
     * @return 64 hex digits
     * @throws IOException if the file cannot be read
     */
    public static String sha256(Path file, ByteBuffer buffer) throws IOException {
        MessageDigest digest = DIGESTS.get();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            buffer.clear();
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Each thread's digest, reset by {@code digest()} after each use. */
    private static final ThreadLocal<MessageDigest> DIGESTS =
            ThreadLocal.withInitial(Checksums::digest);

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
