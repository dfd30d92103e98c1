package io.github.nin4j;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader sees either the old file or the complete new one, never a part:
 * the content goes to a temporary file in the same directory, which is then renamed over the
 * target. An interrupted write leaves the target untouched.
 */
public final class AtomicFiles {

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the content.
         *
         * @param out the temporary file's stream
         * @throws IOException if writing fails
         */
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Writes a file atomically, creating its directory if needed.
     *
     * @param target the file to write
     * @param writer what to write
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(Path target, Writer writer) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file is hidden and harmless; the target is what matters
                }
            }
        }
    }

    /**
     * Writes a UTF-8 text file atomically.
     *
     * @param target the file to write
     * @param text its content
     */
    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
