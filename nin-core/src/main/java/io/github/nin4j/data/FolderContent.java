package io.github.nin4j.data;

import io.github.nin4j.base.Checksums;
import io.github.nin4j.data.FolderLayout.Example;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What identifies a folder's images before any is decoded: the content SHA-256 of {@link
 * ImageFolder}'s class comment (one SHA-256 of the listing of every file's SHA-256 and path), and
 * whether any file is in colour by its header.
 *
 * <p>Every file is read once, on every core, into one array of digests; the listing is fed to its
 * digest line by line rather than built as one string, so that a folder of many files makes little
 * garbage.
 *
 * @param sha256 the content SHA-256, 64 hex digits
 * @param anyColour whether a file is in colour; false when not looked for
 */
record FolderContent(String sha256, boolean anyColour) {

    /** Each thread's buffer for reading files, so that no file makes an array. */
    private static final ThreadLocal<ByteBuffer> BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(1 << 16));

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /**
     * Reads every file.
     *
     * @param files the images in path order, the listing's order
     * @param lookForColour whether to read headers until a colour one is found
     * @return the content
     * @throws io.github.nin4j.base.InvalidInputException naming every file that cannot be read
     */
    static FolderContent of(List<Example> files, boolean lookForColour) {
        int n = files.size();
        byte[] digests = new byte[Math.multiplyExact(n, Checksums.SHA256_BYTES)];
        AtomicBoolean anyColour = new AtomicBoolean();
        BadImages bad = new BadImages();
        Parallel.forEach(
                n,
                i -> {
                    Example example = files.get(i);
                    try {
                        Checksums.sha256(
                                example.file(), BUFFER.get(), digests, i * Checksums.SHA256_BYTES);
                        // One file in colour makes the folder RGB: the others need no look.
                        if (lookForColour && !anyColour.get()) {
                            anyColour.compareAndSet(false, ImageDecoder.colour(example.file()));
                        }
                    } catch (IOException e) {
                        bad.add(example.file(), FolderConversion.unreadable(example.file(), e));
                    }
                });
        bad.throwIfAny();
        return new FolderContent(listingSha256(files, digests), anyColour.get());
    }

    /** The SHA-256 of the lines {@code <hex digest> <relative path>\n}, as sha256sum prints. */
    private static String listingSha256(List<Example> files, byte[] digests) {
        MessageDigest listing;
        try {
            listing = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        byte[] hex = new byte[2 * Checksums.SHA256_BYTES + 2];
        hex[hex.length - 2] = ' ';
        hex[hex.length - 1] = ' ';
        for (int i = 0; i < files.size(); i++) {
            for (int b = 0; b < Checksums.SHA256_BYTES; b++) {
                int value = digests[i * Checksums.SHA256_BYTES + b] & 0xFF;
                hex[2 * b] = HEX[value >>> 4];
                hex[2 * b + 1] = HEX[value & 0xF];
            }
            listing.update(hex);
            listing.update(files.get(i).relative().getBytes(StandardCharsets.UTF_8));
            listing.update((byte) '\n');
        }
        return HexFormat.of().formatHex(listing.digest());
    }
}
