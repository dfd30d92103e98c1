package io.github.nin4j.data;

import io.github.nin4j.base.AtomicFile;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Puts Fashion-MNIST files into the cache only once their content has proved to be the expected
 * one: each file is written to a temporary file, its decompressed content is checked against the
 * recorded SHA-256, and only then is it renamed into place. A failed check or an interrupted
 * transfer leaves nothing behind.
 */
final class CacheInstaller {

    /** Writes a file's bytes to a path. */
    @FunctionalInterface
    interface Writer {
        /**
         * Writes the whole file.
         *
         * @param temporary the file to write, already created and empty
         * @throws IOException if the bytes cannot be had
         */
        void write(Path temporary) throws IOException;
    }

    private final Path cache;
    private final Map<String, String> expectedSha256;

    /**
     * An installer for one cache directory.
     *
     * @param cache the cache directory, created when needed
     * @param expectedSha256 file base name to the SHA-256 of its decompressed content
     */
    CacheInstaller(Path cache, Map<String, String> expectedSha256) {
        this.cache = cache;
        this.expectedSha256 = Map.copyOf(expectedSha256);
    }

    /**
     * The cache directory.
     *
     * @return the directory
     */
    Path cache() {
        return cache;
    }

    /**
     * Whether the cache already holds this file.
     *
     * @param file one of the four files
     * @return true when it is there, gzipped or not
     */
    boolean has(FashionMnistFile file) {
        return file.find(cache).isPresent();
    }

    /**
     * Writes, checks and installs one file, named with {@code .gz} when its bytes are gzipped.
     *
     * @param file which file
     * @param writer what writes its bytes
     * @return the installed file
     * @throws IOException if writing fails or the content's checksum is not the expected one
     */
    Path install(FashionMnistFile file, Writer writer) throws IOException {
        // The temporary name does not say whether the bytes are gzipped; the rename decides.
        try (AtomicFile gzipped = AtomicFile.create(cache.resolve(file.baseName() + ".gz"))) {
            Path temporary = gzipped.temporary();
            writer.write(temporary);
            boolean isGzip = isGzip(temporary);
            String actual;
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(temporary));
                    InputStream content = isGzip ? new GZIPInputStream(raw) : raw) {
                actual = IdxFile.sha256(content);
            }
            String expected = expectedSha256.get(file.baseName());
            if (!actual.equals(expected)) {
                throw new IOException(
                        file.baseName()
                                + ": content SHA-256 is "
                                + actual
                                + ", expected "
                                + expected
                                + " (not Fashion-MNIST's file; nothing was kept)");
            }
            if (isGzip) {
                gzipped.commit();
                return gzipped.target();
            }
            try (AtomicFile plain = AtomicFile.create(cache.resolve(file.baseName()))) {
                Files.move(temporary, plain.temporary(), StandardCopyOption.REPLACE_EXISTING);
                plain.commit();
                return plain.target();
            }
        }
    }

    private static boolean isGzip(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] magic = in.readNBytes(2);
            return magic.length == 2 && (magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B;
        }
    }
}
