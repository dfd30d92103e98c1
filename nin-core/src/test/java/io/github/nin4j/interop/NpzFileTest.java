package io.github.nin4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nin4j.base.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzFileTest {

    @TempDir Path dir;

    @Test
    void roundTripKeepsNamesOrderShapesTypesAndValues() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            arrays.put("7.4.bias", manager.create(new float[] {0.5f, -1.25f}));
            arrays.put("0.0.weight", manager.randomUniform(-1, 1, new Shape(3, 1, 2, 2)));
            arrays.put("labels", manager.create(new long[] {7, 5, 2}));
            arrays.put("loss", manager.create(2.25f));
            arrays.get("0.0.weight").setName("weight");
            Path file = dir.resolve("sub").resolve("weights.npz");

            NpzFile.of(file).write(arrays);
            Map<String, NDArray> read = NpzFile.of(file).read(manager);

            assertThat(read.keySet()).containsExactlyElementsOf(arrays.keySet());
            assertThat(read)
                    .allSatisfy(
                            (name, array) -> {
                                NDArray original = arrays.get(name);
                                assertThat(array.getShape()).isEqualTo(original.getShape());
                                assertThat(array.getDataType()).isEqualTo(original.getDataType());
                                assertThat(array.toByteArray()).isEqualTo(original.toByteArray());
                            });
            assertThat(read.get("loss").getShape().dimension()).isZero();
            // The caller's arrays keep their own names.
            assertThat(arrays.get("0.0.weight").getName()).isEqualTo("weight");
        }
    }

    @Test
    void readsWhatNumpyWrote() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> batch =
                    NpzFile.of(Path.of("src/test/resources/parity/batch.npz")).read(manager);

            assertThat(batch.keySet()).containsExactly("input", "labels", "logits", "loss");
            assertThat(batch.get("input").getShape()).isEqualTo(new Shape(4, 1, 99, 99));
            assertThat(batch.get("input").getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(batch.get("labels").toLongArray()).containsExactly(7, 5, 2, 4);
            assertThat(batch.get("loss").getShape()).isEqualTo(new Shape());
        }
    }

    @Test
    void writeReplacesTheFileAndLeavesNothingElse() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path file = dir.resolve("w.npz");
            NpzFile.of(file).write(Map.of("a", manager.ones(new Shape(2))));
            NpzFile.of(file).write(Map.of("b", manager.zeros(new Shape(3))));

            assertThat(NpzFile.of(file).read(manager).keySet()).containsExactly("b");
            assertThat(list(dir)).containsExactly(file);
        }
    }

    @Test
    void failedWriteLeavesNoTemporaryFile() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path target = dir.resolve("taken.npz");
            Files.createDirectory(target); // a directory cannot be replaced by a file

            assertThatThrownBy(
                            () -> NpzFile.of(target).write(Map.of("a", manager.ones(new Shape(2)))))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("cannot write " + target);
            assertThat(list(dir)).containsExactly(target);
        }
    }

    @Test
    void missingFileAndNonArchiveAreOneLineErrors() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path missing = dir.resolve("missing.npz");
            assertThatThrownBy(() -> NpzFile.of(missing).read(manager))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage(missing + " does not exist or is not a file");

            Path text = Files.writeString(dir.resolve("notes.npz"), "not numpy");
            assertThatThrownBy(() -> NpzFile.of(text).read(manager))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage(text + " is not a NumPy .npz archive (it is not a zip file)");

            Path truncated = dir.resolve("truncated.npz");
            byte[] whole = Files.readAllBytes(Path.of("src/test/resources/parity/weights.npz"));
            Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
            assertThatThrownBy(() -> NpzFile.of(truncated).read(manager))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(truncated + " is not a readable NumPy .npz archive");
        }
    }

    @Test
    void unnamedArraysAreRefused() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            // What numpy.savez(file, a, b) writes: entries arr_0.npy and arr_1.npy.
            Path file = dir.resolve("positional.npz");
            try (OutputStream out = Files.newOutputStream(file)) {
                new NDList(manager.ones(new Shape(2)), manager.zeros(new Shape(2)))
                        .encode(out, NDList.Encoding.NPZ);
            }
            assertThatThrownBy(() -> NpzFile.of(file).read(manager))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage(
                            file
                                    + " has 2 unnamed entries (arr_0, ...); save with"
                                    + " numpy.savez(file, **named_arrays)");
        }
    }

    private static java.util.List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
