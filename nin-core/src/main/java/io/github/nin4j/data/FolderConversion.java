package io.github.nin4j.data;

import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import io.github.nin4j.data.FolderLayout.Example;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

/**
 * How a folder's files become stored images (the conversion of {@link ImageFolder}'s class
 * comment): read, decoded within {@link ImageDecoder}'s budget, converted; one file, or every file
 * of a folder on every core into its slot.
 */
final class FolderConversion {

    private FolderConversion() {}

    /** {@link ImageFolder#convert(Path, int, int)}. */
    static byte[] convert(Path file, int channels, int side) {
        return convert(decode(file, readFile(file), side), channels, side);
    }

    /** {@link ImageFolder#convert(BufferedImage, int, int)}. */
    static byte[] convert(BufferedImage image, int channels, int side) {
        return ImagePixels.fitSquare(
                ImagePixels.planes(image, channels), image.getWidth(), image.getHeight(), side);
    }

    /**
     * Converts every image (slot after slot in {@code bySlot}) into its slot, on every core; an
     * image that cannot be used is noted and the others still converted, so that one message names
     * every bad file.
     */
    static void convertAll(
            List<Example> bySlot,
            int channels,
            int side,
            ImageFolder.Progress progress,
            ImageCache.SlotSink sink) {
        BadImages bad = new BadImages();
        AtomicInteger done = new AtomicInteger();
        Parallel.forEach(
                bySlot.size(),
                i -> {
                    Path file = bySlot.get(i).file();
                    try {
                        sink.write(i, convert(file, channels, side));
                    } catch (InvalidInputException e) {
                        bad.add(file, e);
                    }
                    progress.converted(done.incrementAndGet(), bySlot.size());
                });
        bad.throwIfAny();
    }

    /** The one line for a file that cannot be read. */
    static InvalidInputException unreadable(Path file, IOException e) {
        return new InvalidInputException("cannot read " + file + ": " + Reasons.of(e), e);
    }

    private static byte[] readFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** Decodes within {@link ImageDecoder}'s budget: large images subsampled, huge ones refused. */
    private static BufferedImage decode(Path file, byte[] content, int side) {
        String remedy = "; replace it with an intact copy or remove it";
        BufferedImage image;
        try (ImageInputStream in =
                ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            image = ImageDecoder.decode(in, file, side);
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Decoders throw unchecked exceptions, too, on some malformed files.
            throw new InvalidInputException(
                    file + " cannot be decoded (" + Reasons.of(e) + ")" + remedy, e);
        }
        if (image == null) {
            throw new InvalidInputException(
                    file + " is not a PNG or JPEG image Java can decode" + remedy);
        }
        return image;
    }
}
