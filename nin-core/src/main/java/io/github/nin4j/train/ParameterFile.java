package io.github.nin4j.train;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.github.nin4j.base.AtomicFile;
import io.github.nin4j.base.Checksums;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A checkpoint's parameter file, written by DJL's {@code Model.save} and read by DJL's {@code
 * Model.load}, with the guards a file from elsewhere needs: DJL allocates what a file declares
 * (input shapes, array shapes and lengths) before reading it, so a damaged or crafted file would
 * make it allocate gigabytes (docs/notes/fuzzing.md). A file without DJL's header (the block's
 * parameters alone, as run directories were written before) is read by the block itself.
 */
final class ParameterFile {

    /** DJL's mark and version at the start of a parameter file ({@code BaseModel.save}). */
    private static final byte[] DJL_MAGIC = "DJL@".getBytes(StandardCharsets.US_ASCII);

    private static final int DJL_MODEL_VERSION = 1;

    private ParameterFile() {}

    /**
     * Saves a model's parameters with {@code Model.save} into a hidden folder beside the target
     * (named as DJL names an epoch, {@code name-NNNN.params}; the epoch is recorded in the file's
     * properties as DJL's checkpoints record it), then moves the file into place in one step, so
     * that no reader sees half a file. Returns the file's SHA-256.
     */
    static String save(Model model, Path file, int epoch) {
        String name = file.getFileName().toString();
        String prefix = name.substring(0, name.lastIndexOf('-'));
        try {
            Files.createDirectories(file.getParent());
            Path folder = Files.createTempDirectory(file.getParent(), "." + name + ".");
            Path written = folder.resolve(name);
            // Also removed when the JVM is stopped by a signal mid-write (the file before the
            // folder, as deleteOnExit deletes in reverse order).
            folder.toFile().deleteOnExit();
            written.toFile().deleteOnExit();
            try {
                model.setProperty("Epoch", Integer.toString(epoch));
                model.save(folder, prefix);
                String sha256 = Checksums.sha256(Files.readAllBytes(written));
                AtomicFile.move(written, file);
                return sha256;
            } finally {
                Files.deleteIfExists(written);
                Files.deleteIfExists(folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + Reasons.of(e), e);
        }
    }

    /**
     * Loads a parameter file into a model of the network it was saved from, once its bytes match
     * their SHA-256, every array header and the file header declare no more than the file holds,
     * and the block's part is the network's own serialisation but for the arrays' values. Loaded
     * arrays record gradients, as initialised ones do, so that a resumed run trains them. A file
     * missing, damaged or unfit for the network is an {@link InvalidInputException}.
     */
    static void load(Path file, String sha256, Model model) {
        byte[] bytes;
        try {
            if (Files.size(file) > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException(
                        "checkpoint " + file + " is larger than a parameter file can be");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException(
                    "the run directory is incomplete: cannot read %s (%s)"
                            .formatted(file, Reasons.of(e)),
                    e);
        }
        if (!Checksums.sha256(bytes).equals(sha256)) {
            throw new InvalidInputException(
                    ("checkpoint %s is damaged (its SHA-256 does not match the one recorded for"
                                    + " it); the run cannot be resumed or evaluated from it")
                            .formatted(file));
        }
        try {
            String problem = problem(bytes, model.getBlock());
            if (problem != null) {
                throw new InvalidInputException(misfit(file, problem));
            }
            if (hasDjlHeader(bytes)) {
                model.load(new ByteArrayInputStream(bytes), Map.of());
            } else {
                model.getBlock()
                        .loadParameters(
                                model.getNDManager(),
                                new DataInputStream(new ByteArrayInputStream(bytes)));
            }
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new InvalidInputException(misfit(file, Reasons.ofReading(e)), e);
        }
        for (Parameter parameter : model.getBlock().getParameters().values()) {
            if (parameter.requiresGradient()) {
                parameter.getArray().setRequiresGradient(true);
            }
        }
    }

    private static String misfit(Path file, String why) {
        return "checkpoint %s does not fit the network in manifest.json: %s".formatted(file, why);
    }

    /** What makes the file unfit for DJL's reader and this network, or null. */
    private static String problem(byte[] bytes, Block block) throws IOException {
        for (ArrayAt array : arrays(bytes)) {
            if (array.problem() != null) {
                return array.problem();
            }
        }
        int blockStart = hasDjlHeader(bytes) ? headerLength(bytes) : 0;
        return structureMismatch(Arrays.copyOfRange(bytes, blockStart, bytes.length), block);
    }

    private static boolean hasDjlHeader(byte[] bytes) {
        return bytes.length >= DJL_MAGIC.length
                && Arrays.equals(Arrays.copyOf(bytes, DJL_MAGIC.length), DJL_MAGIC);
    }

    /**
     * The length of DJL's header, read as {@code BaseModel.readParameters} reads it, with every
     * count it declares checked against the bytes that remain.
     */
    private static int headerLength(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        in.readFully(new byte[DJL_MAGIC.length]);
        int version = in.readInt();
        if (version != DJL_MODEL_VERSION) {
            throw new IOException("unsupported DJL parameter file version " + version);
        }
        in.readUTF(); // model name
        in.readUTF(); // data type
        int inputs = in.readInt();
        for (int i = 0; i < inputs; i++) {
            in.readUTF();
            // Shape.decode allocates what the file declares; the file must hold it.
            in.skipNBytes(declared(in.readInt(), Long.BYTES, in.available()));
            in.skipNBytes(declared(in.readInt(), Character.BYTES, in.available()));
        }
        int properties = in.readInt();
        for (int i = 0; i < properties; i++) {
            in.readUTF();
            in.readUTF();
        }
        return bytes.length - in.available();
    }

    /** Bytes a declared count of items takes, when the rest of the file holds them. */
    private static long declared(int count, int size, int available) throws IOException {
        if (count < 0 || (long) count * size > available) {
            throw new IOException(
                    "it declares " + count + " items where " + available + " bytes remain");
        }
        return (long) count * size;
    }

    /**
     * An array as DJL's reader would take it at one place of a parameter file: where its data
     * starts and how long it is, or what is wrong with its header.
     */
    private record ArrayAt(int dataStart, int dataLength, String problem) {}

    /**
     * Every place DJL's reader could take for an array's start (its mark, {@code NDAR}), read as
     * {@code NDSerializer.decode} reads it: version, [name], sparse format, data type, shape, [byte
     * order], then the data's length and the data. What a header declares must fit in the bytes
     * after it. Marks that occur by chance inside data and do not parse are passed over.
     */
    private static List<ArrayAt> arrays(byte[] bytes) {
        List<ArrayAt> arrays = new ArrayList<>();
        byte[] mark = {0, 4, 'N', 'D', 'A', 'R'};
        for (int at = 0; at + mark.length <= bytes.length; at++) {
            if (!Arrays.equals(bytes, at, at + mark.length, mark, 0, mark.length)) {
                continue;
            }
            ByteBuffer b =
                    ByteBuffer.wrap(bytes, at + mark.length, bytes.length - at - mark.length);
            try {
                int version = b.getInt();
                if (version < 1 || version > 3) {
                    continue;
                }
                if (version > 1 && b.get() == 1) {
                    skipUtf(b);
                }
                skipUtf(b);
                skipUtf(b);
                skip(b, declared(b.getInt(), Long.BYTES, b.remaining()));
                skip(b, declared(b.getInt(), Character.BYTES, b.remaining()));
                if (version > 2) {
                    b.get();
                }
                int length = (int) declared(b.getInt(), 1, b.remaining());
                arrays.add(new ArrayAt(b.position(), length, null));
            } catch (BufferUnderflowException e) {
                // The reader meets the file's end here and stops with an error of its own.
            } catch (IOException e) {
                arrays.add(
                        new ArrayAt(
                                at, 0, "an array's header is damaged (" + e.getMessage() + ")"));
            }
        }
        return arrays;
    }

    /**
     * What differs between the block's part of a parameter file and what the network itself writes,
     * but for the arrays' values, or null: nothing the file declares is believed before it is
     * compared.
     */
    private static String structureMismatch(byte[] stored, Block block) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            block.saveParameters(out);
        }
        byte[] own = buffer.toByteArray();
        if (stored.length != own.length) {
            return String.format(
                    Locale.ROOT,
                    "it holds %d bytes of parameters where the network's take %d",
                    stored.length,
                    own.length);
        }
        boolean[] data = new boolean[own.length];
        for (ArrayAt array : arrays(own)) {
            if (array.problem() == null) {
                Arrays.fill(data, array.dataStart(), array.dataStart() + array.dataLength(), true);
            }
        }
        for (int i = 0; i < own.length; i++) {
            if (stored[i] != own[i] && !data[i]) {
                return "its layout differs from the network's at byte " + i;
            }
        }
        return null;
    }

    private static void skipUtf(ByteBuffer b) {
        skip(b, b.getShort() & 0xFFFF);
    }

    private static void skip(ByteBuffer b, long n) {
        if (n > b.remaining()) {
            throw new BufferUnderflowException();
        }
        b.position(b.position() + (int) n);
    }
}
