package io.github.nin4j.base;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A file written in full before it appears: content goes to a hidden temporary file beside the
 * target, and {@link #commit()} renames it into place in one step. Closing without committing
 * deletes the temporary file, so a failed or interrupted write never leaves a half-written target.
 *
 * <pre>{@code
 * try (AtomicFile file = AtomicFile.create(target)) {
 *     Files.write(file.temporary(), bytes);
 *     file.commit();
 * }
 * }</pre>
 */
public final class AtomicFile implements Closeable {

    private static final ObjectMapper INDENTED_JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path target;
    private final Path temporary;
    private boolean committed;

    private AtomicFile(Path target, Path temporary) {
        this.target = target;
        this.temporary = temporary;
    }

    /**
     * Creates the temporary file beside {@code target}, creating the target's directory if needed.
     *
     * @param target where the file will appear on {@link #commit()}
     * @return the pending file
     * @throws IOException if the directory or the temporary file cannot be created
     */
    public static AtomicFile create(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        // Same directory, so the rename stays on one file system and can be atomic.
        // createTempFile alone makes the file private (0600); a run's results are meant to be
        // read by others as any new file is: 0666 less the umask, as open(2) applies it.
        Path temporary =
                directory.getFileSystem().supportedFileAttributeViews().contains("posix")
                        ? Files.createTempFile(
                                directory,
                                "." + absolute.getFileName() + ".",
                                ".part",
                                PosixFilePermissions.asFileAttribute(
                                        PosixFilePermissions.fromString("rw-rw-rw-")))
                        : Files.createTempFile(
                                directory, "." + absolute.getFileName() + ".", ".part");
        // Also removed when the JVM is stopped by a signal mid-write, where no finally block runs.
        temporary.toFile().deleteOnExit();
        return new AtomicFile(absolute, temporary);
    }

    /**
     * The temporary file to write to.
     *
     * @return the temporary file's path
     */
    public Path temporary() {
        return temporary;
    }

    /**
     * Renames the temporary file to the target, replacing any previous target.
     *
     * @throws IOException if the rename fails
     */
    public void commit() throws IOException {
        move(temporary, target);
        committed = true;
    }

    /**
     * Renames a complete file to its target in one step, replacing any file there.
     *
     * @param source the file, on the target's file system
     * @param target its final path
     * @throws IOException if the rename fails
     */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(
                    source,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface ContentWriter {
        /**
         * Writes the content.
         *
         * @param out the temporary file's stream; closed by the caller
         * @throws IOException if writing fails
         */
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes a whole file atomically.
     *
     * @param target the file to write
     * @param writer what to write
     * @throws UncheckedIOException naming the file if it cannot be written
     */
    public static void write(Path target, ContentWriter writer) {
        try (AtomicFile file = create(target)) {
            try (OutputStream out = Files.newOutputStream(file.temporary())) {
                writer.write(out);
            }
            file.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + Reasons.of(e), e);
        }
    }

    /**
     * Writes a value as indented JSON, atomically.
     *
     * @param target the file to write
     * @param value what Jackson serialises
     * @throws UncheckedIOException naming the file if it cannot be written
     */
    public static void writeJson(Path target, Object value) {
        write(target, out -> INDENTED_JSON.writeValue(out, value));
    }

    /** Deletes the temporary file unless it was committed. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            Files.deleteIfExists(temporary);
        }
    }
}
