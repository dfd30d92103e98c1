package io.github.nin4j.data;

import io.github.nin4j.base.Checksums;
import io.github.nin4j.data.FolderLayout.Example;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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

    /**
     * Reads every file (in path order, the listing's), and when {@code lookForColour} their headers
     * until a colour one is found.
     *
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
        MessageDigest listing = Checksums.newSha256();
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < files.size(); i++) {
            int from = i * Checksums.SHA256_BYTES;
            String digest = hex.formatHex(digests, from, from + Checksums.SHA256_BYTES);
            String line = digest + "  " + files.get(i).relative() + "\n";
            listing.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return hex.formatHex(listing.digest());
    }
}
