package io.github.nin4j.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the four Fashion-MNIST files are and how they were found.
 *
 * @param directory the directory that holds the four files, each gzipped or not
 * @param origin how it was found, for people: for example {@code "cache
 *     /root/.cache/nin/fashion-mnist"}, {@code "Debian package dataset-fashion-mnist
 *     (/usr/share/datasets/fashion-mnist)"}, {@code "downloaded from <url>"}, or what the caller
 *     says of a directory it names
 * @param contentSha256 file base name (such as {@code train-images-idx3-ubyte}) to the SHA-256 of
 *     its decompressed IDX content; empty until the files are read ({@link FashionMnist#load}
 *     returns the source with it filled in)
 */
public record DataSource(Path directory, String origin, Map<String, String> contentSha256) {

    /** Copies the checksums into a sorted, unmodifiable map. */
    public DataSource {
        contentSha256 = Collections.unmodifiableMap(new TreeMap<>(contentSha256));
    }

    /**
     * A source whose files have not been read yet.
     *
     * @param directory the directory with the four files
     * @param origin how it was found
     * @return the source, with no checksums
     */
    public static DataSource of(Path directory, String origin) {
        return new DataSource(directory, origin, Map.of());
    }

    /**
     * This source with the checksums of its files' content.
     *
     * @param checksums file base name to SHA-256 of the decompressed content
     * @return a new source
     */
    public DataSource withContentSha256(Map<String, String> checksums) {
        return new DataSource(directory, origin, checksums);
    }

    /**
     * Whether all four files' content is the published Fashion-MNIST's, by SHA-256.
     *
     * @return false when the files have not been read yet or any of them differs
     */
    public boolean isPublishedFashionMnist() {
        return Arrays.stream(FashionMnistFile.values())
                .allMatch(f -> f.sha256().equals(contentSha256.get(f.baseName())));
    }
}
