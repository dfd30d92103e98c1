package io.github.nin4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Where an {@link ImageSet}'s bytes are: slot after slot, {@code bytesPerImage} each, in a Java
 * array or in a file read by position (an {@link ImageCache}). A file's pages stay in the operating
 * system's page cache, not in the process's resident memory, so a set larger than memory trains as
 * one that fits.
 */
interface PixelStore {

    /** Copies the image in {@code slot} into at least {@code bytesPerImage} bytes. */
    void read(long slot, byte[] destination);

    /** A store over an array, not copied, image after image. */
    static PixelStore of(byte[] pixels, int bytesPerImage) {
        return (slot, destination) ->
                System.arraycopy(
                        pixels, (int) (slot * bytesPerImage), destination, 0, bytesPerImage);
    }

    /**
     * A store over a file, image after image, read by position (safe from several threads); the
     * channel stays open for the life of the process.
     */
    static PixelStore of(FileChannel channel, Path file, int bytesPerImage) {
        return (slot, destination) -> {
            ByteBuffer buffer = ByteBuffer.wrap(destination, 0, bytesPerImage);
            long position = slot * bytesPerImage;
            try {
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, position + buffer.position()) < 0) {
                        throw new IOException("the file ends before image " + slot);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the image cache " + file, e);
            }
        };
    }
}
