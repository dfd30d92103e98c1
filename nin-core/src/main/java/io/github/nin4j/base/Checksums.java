package io.github.nin4j.base;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
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
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    /** The length of a SHA-256 in bytes. */
    public static final int SHA256_BYTES = 32;

    /**
     * The SHA-256 of a file, as bytes written into an array of the caller's, read through a buffer
     * of the caller's: checking many files this way makes no array per file.
     *
     * @param file the file
     * @param buffer any capacity above 0, overwritten; a direct buffer reads without a copy
     * @param into where the {@link #SHA256_BYTES} bytes go
     * @param offset the first of them
     * @throws IOException if the file cannot be read
     */
    public static void sha256(Path file, ByteBuffer buffer, byte[] into, int offset)
            throws IOException {
        MessageDigest digest = DIGESTS.get();
        // A read that failed part way left its bytes in this thread's digest.
        digest.reset();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            buffer.clear();
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        try {
            digest.digest(into, offset, SHA256_BYTES);
        } catch (DigestException e) {
            throw new IllegalArgumentException("no room for a SHA-256 at " + offset, e);
        }
    }

    /** Each thread's digest. */
    private static final ThreadLocal<MessageDigest> DIGESTS =
            ThreadLocal.withInitial(Checksums::newSha256);

    /**
     * A new SHA-256 digest.
     *
     * @return the digest
     */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
