package io.github.nin4j.base;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
     * @param buffer any size above 0, overwritten
     * @return 64 hex digits
     * @throws IOException if the file cannot be read
     */
    public static String sha256(Path file, byte[] buffer) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
