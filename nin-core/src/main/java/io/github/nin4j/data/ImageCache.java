package io.github.nin4j.data;

import io.github.nin4j.base.AtomicFile;
import io.github.nin4j.base.Checksums;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A folder's images converted once and kept on disk, so that later runs, {@code evaluate} and
 * {@code predict} read them without decoding, and a folder larger than memory trains.
 *
 * <p>An entry is two files in the cache directory, named by a key: {@code KEY.pixels}, the
 * converted images slot after slot, and {@code KEY.json}, what they are (version, channels, side,
 * images, the folder's content SHA-256, each slot's file). The key is the SHA-256 of the folder's
 * content SHA-256 (every file's SHA-256 and path), the conversion and its settings: a changed,
 * added or removed file, or another side or channel count, is another key, so an entry is never
 * stale, and an unchanged folder finds its entry again wherever it is.
 *
 * <p>An entry is built under temporary names and renamed into place, the pixels first and the index
 * last; an entry counts only when its index is there and its pixels have the index's size. A build
 * that fails, for a full disk or a bad image, leaves nothing behind, and a build killed half way
 * leaves only a temporary file, which the next build replaces.
 */
final class ImageCache {

    /**
     * The conversion the entries hold; part of the key, so a new conversion makes new entries. v2:
     * JPEGs turned upright by their EXIF orientation.
     */
    static final String CONVERSION = "fit-square-area-average v2";

    /** Writes one converted image, {@code bytesPerImage} bytes, into its slot. */
    @FunctionalInterface
    interface SlotSink {
        void write(long slot, byte[] image);
    }

    /** Converts the images of a new entry and writes each into its slot. */
    @FunctionalInterface
    interface Filler {
        void fill(SlotSink sink);
    }

    private final Path directory;
    private final String key;
    private final Map<String, Object> index;
    private final int bytesPerImage;
    private final long bytes;

    /** The entry of a folder's content (each slot's file relative to it) at a conversion. */
    ImageCache(
            Path directory, String contentSha256, List<String> slotFiles, int channels, int side) {
        this.directory = directory;
        this.key =
                Checksums.sha256(
                        String.join(
                                        "\n",
                                        "nin image cache",
                                        CONVERSION,
                                        "channels " + channels,
                                        "side " + side,
                                        contentSha256)
                                .getBytes(StandardCharsets.UTF_8));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("conversion", CONVERSION);
        map.put("channels", channels);
        map.put("side", side);
        map.put("content_sha256", contentSha256);
        map.put("images", slotFiles.size());
        map.put("files", slotFiles);
        this.index = map;
        this.bytesPerImage = channels * side * side;
        this.bytes = (long) slotFiles.size() * bytesPerImage;
    }

    /** {@code KEY.pixels} in the cache directory. */
    Path pixels() {
        return directory.resolve(key + ".pixels");
    }

    private Path indexFile() {
        return directory.resolve(key + ".json");
    }

    /** Whether the entry can be read: its index is there and its pixels have their size. */
    boolean complete() {
        try {
            return Files.isRegularFile(indexFile()) && Files.size(pixels()) == bytes;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Opens the entry's pixels, building it first with {@code filler} when it is not complete.
     *
     * @throws InvalidInputException when the entry cannot be written or read (a full disk, no
     *     permission), naming the directory
     */
    PixelStore open(Filler filler) {
        if (!complete()) {
            build(filler);
        }
        try {
            FileChannel channel = FileChannel.open(pixels(), StandardOpenOption.READ);
            return PixelStore.of(channel, pixels(), bytesPerImage);
        } catch (IOException e) {
            throw problem("read", e);
        }
    }

    private void build(Filler filler) {
        Path temporary = null;
        try {
            Files.createDirectories(directory);
            temporary = Files.createTempFile(directory, key + ".", ".pixels.tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                filler.fill(
                        (slot, image) -> {
                            ByteBuffer buffer = ByteBuffer.wrap(image);
                            long position = slot * bytesPerImage;
                            try {
                                while (buffer.hasRemaining()) {
                                    position += channel.write(buffer, position);
                                }
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
                if (channel.size() != bytes) {
                    throw new IOException(
                            "wrote " + channel.size() + " bytes of " + bytes + " to " + temporary);
                }
                channel.force(true);
            }
            Files.move(temporary, pixels(), StandardCopyOption.ATOMIC_MOVE);
            temporary = null;
            AtomicFile.writeJson(indexFile(), index);
        } catch (IOException e) {
            throw problem("write", e);
        } catch (UncheckedIOException e) {
            throw problem("write", e.getCause());
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // Nothing more to do: the next build replaces it.
                }
            }
        }
    }

    private InvalidInputException problem(String verb, Exception e) {
        return new InvalidInputException(
                String.format(
                        Locale.ROOT,
                        "cannot %s the image cache in %s (%s); free some space there or give"
                                + " another cache directory",
                        verb,
                        directory,
                        Reasons.of(e)),
                e);
    }

    /**
     * What the entry holds, for a data set's provenance: its index less the files, and its file.
     */
    Map<String, Object> describe() {
        Map<String, Object> map = new LinkedHashMap<>(index);
        map.remove("files");
        map.put("file", pixels().toAbsolutePath().normalize().toString());
        return map;
    }
}
