package io.github.nin4j.base;

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
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
