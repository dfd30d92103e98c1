package io.github.nin4j.interop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.nin4j.base.AtomicFile;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * A NumPy {@code .npz} archive of named arrays, as {@code numpy.savez(file, **arrays)} writes it
 * and {@code numpy.load(file)} reads it: a zip file with one {@code NAME.npy} entry per array.
 *
 * <p>The format itself is DJL's: {@link NDList#decode(NDManager, InputStream)} reads an archive and
 * names each array after its entry, and {@link NDList#encode(OutputStream, NDList.Encoding)} with
 * {@link NDList.Encoding#NPZ} writes one entry per array under the array's name. This class adds
 * what a file a user hands over needs: names checked both ways, one-line errors that name the file,
 * and writes that never leave a half-written file behind.
 */
public final class NpzFile {

    /** A zip archive's local file header, which every {@code .npz} starts with. */
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    /**
     * DJL drops the name of an entry called {@code arr_N.npy}, numpy's name for an array saved
     * without one, so such names cannot survive a round trip.
     */
    private static final String UNNAMED_PREFIX = "arr_";

    private final Path path;

    private NpzFile(Path path) {
        this.path = path;
    }

    /**
     * The archive at {@code path}, which need not exist yet.
     *
     * @param path the {@code .npz} file
     * @return the archive
     */
    public static NpzFile of(Path path) {
        return new NpzFile(path);
    }

    /**
     * Reads every array, keeping the archive's order (for {@code numpy.savez(f, **d)}, the order of
     * {@code d}).
     *
     * @param manager the manager that will own the arrays
     * @return the arrays by name
     * @throws InvalidInputException if the file is missing, is not an {@code .npz} archive, or
     *     holds an array without a name or two with the same name
     */
    public Map<String, NDArray> read(NDManager manager) {
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException(path + " does not exist or is not a file");
        }
        NDList list;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            in.mark(ZIP_MAGIC.length);
            boolean zip = Arrays.equals(in.readNBytes(ZIP_MAGIC.length), ZIP_MAGIC);
            in.reset();
            if (!zip) {
                // DJL would read anything else as its own NDList format and fail obscurely.
                throw new InvalidInputException(
                        path + " is not a NumPy .npz archive (it is not a zip file)");
            }
            list = NDList.decode(manager, in);
        } catch (FileSystemException e) {
            throw new InvalidInputException("cannot read " + path + ": " + reason(e), e);
        } catch (IOException e) {
            throw unreadable(damage(e), e);
        } catch (InvalidInputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // DJL's message alone is often just "Malformed data"; the cause says what broke.
            throw unreadable(
                    e.getCause() == null ? damage(e) : damage(e) + ", " + damage(e.getCause()), e);
        } catch (RuntimeException e) {
            // Any other failure of DJL's decoder comes from a header declaring an impossible
            // size, such as a negative one reaching its allocation (docs/notes/fuzzing.md).
            throw unreadable("a header declares an impossible size", e);
        }
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        int unnamed = 0;
        List<String> repeated = new ArrayList<>();
        for (NDArray array : list) {
            String name = array.getName();
            if (name == null) {
                unnamed++;
            } else if (arrays.put(name, array) != null) {
                repeated.add(name);
            }
        }
        if (unnamed > 0) {
            throw new InvalidInputException(
                    ("%s has %s unnamed entries (arr_0, ...); save with numpy.savez(file,"
                                    + " **named_arrays)")
                            .formatted(path, unnamed));
        }
        if (!repeated.isEmpty()) {
            throw new InvalidInputException(
                    path + " has repeated entries: " + String.join(", ", repeated));
        }
        return arrays;
    }

    /**
     * Writes the arrays as {@code NAME.npy} entries, in the map's order, replacing the file
     * atomically: readers see the old file or the complete new one, never a part. The arrays are
     * not changed.
     *
     * @param arrays the arrays by name
     * @throws IllegalArgumentException if a name is empty or starts with {@code arr_}, which would
     *     not read back
     * @throws InvalidInputException if the file cannot be written, naming the file and why
     */
    public void write(Map<String, NDArray> arrays) {
        for (String name : arrays.keySet()) {
            if (name.isEmpty() || name.startsWith(UNNAMED_PREFIX)) {
                throw new IllegalArgumentException(
                        "cannot write an .npz entry named '" + name + "'");
            }
        }
        try (NDManager scratch = NDManager.newBaseManager();
                AtomicFile file = AtomicFile.create(path)) {
            // DJL names entries after the arrays; copies carry the names so that the caller's
            // arrays (a network's parameters, say) keep theirs.
            NDList named = new NDList(arrays.size());
            for (Map.Entry<String, NDArray> entry : arrays.entrySet()) {
                NDArray copy = entry.getValue().duplicate();
                copy.attach(scratch);
                copy.setName(entry.getKey());
                named.add(copy);
            }
            try (OutputStream out =
                    new BufferedOutputStream(Files.newOutputStream(file.temporary()))) {
                named.encode(out, NDList.Encoding.NPZ);
            }
            file.commit();
        } catch (IOException e) {
            throw new InvalidInputException("cannot write " + path + ": " + reason(e), e);
        }
    }

    private InvalidInputException unreadable(String why, Exception e) {
        return new InvalidInputException(path + " is not a readable NumPy .npz archive: " + why, e);
    }

    /**
     * What is wrong with a damaged archive, in words: the decoders' messages, without the class
     * names they carry (docs/notes/fuzzing.md).
     */
    private static String damage(Throwable e) {
        if (e instanceof EOFException || e instanceof ZipException && e.getMessage() == null) {
            return "it ends too soon";
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return "its content is malformed";
        }
        return Reasons.withoutPackages(message.lines().findFirst().orElse(""));
    }

    /** Why an I/O operation failed, without the temporary file's name that messages carry. */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException failure && failure.getReason() != null) {
            return failure.getReason();
        }
        // NoSuchFileException, AccessDeniedException and the like say it all in their name, which
        // Reasons puts in words (after the file's name, which here would be the temporary one's).
        String reason = Reasons.of(e);
        String file = e instanceof FileSystemException failure ? failure.getFile() + ": " : "";
        return reason.startsWith(file) ? reason.substring(file.length()) : reason;
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
