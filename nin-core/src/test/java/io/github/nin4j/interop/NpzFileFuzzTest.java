package io.github.nin4j.interop;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nin4j.base.Fuzz;
import io.github.nin4j.base.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the {@code .npz} reader (docs/notes/fuzzing.md): any bytes, bytes behind a zip file's
 * mark, and damaged archives, those NumPy wrote and those this project writes.
 */
class NpzFileFuzzTest {

    private static Path dir;
    private static NDManager manager;
    private static List<byte[]> valid;

    @BeforeContainer
    static void setUp() throws IOException {
        dir = Fuzz.temporaryDirectory("npz");
        manager = NDManager.newBaseManager();
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        arrays.put("0.0.weight", manager.arange(24f).reshape(2, 3, 2, 2));
        arrays.put("0.0.bias", manager.ones(new Shape(2)));
        arrays.put("labels", manager.arange(5).toType(DataType.INT64, false));
        Path ours = dir.resolve("ours.npz");
        NpzFile.of(ours).write(arrays);
        valid =
                List.of(
                        Files.readAllBytes(ours),
                        Files.readAllBytes(Path.of("src/test/resources/parity/batch.npz")));
    }

    @AfterContainer
    static void tearDown() {
        manager.close();
        Fuzz.delete(dir);
    }

    private static void read(byte[] bytes) {
        Path file = Fuzz.write(dir.resolve("input.npz"), bytes);
        Fuzz.parsesOrRefuses(
                () -> {
                    try (NDManager scope = manager.newSubManager()) {
                        return NpzFile.of(file).read(scope).size();
                    }
                });
    }

    @Property
    void anyBytes(@ForAll @Size(max = 4096) byte[] bytes) {
        read(bytes);
    }

    @Property
    void anyBytesBehindAZipMark(@ForAll @Size(max = 4096) byte[] bytes) {
        byte[] marked = new byte[bytes.length + 4];
        marked[0] = 'P';
        marked[1] = 'K';
        marked[2] = 3;
        marked[3] = 4;
        System.arraycopy(bytes, 0, marked, 4, bytes.length);
        read(marked);
    }

    @Property
    void damagedArchives(
            @ForAll("archive") int which, @ForAll("damage") List<Fuzz.Mutation> damage) {
        read(Fuzz.damaged(valid.get(which), damage));
    }

    /**
     * Found by fuzzing: a zip file cut short, or with a wrong checksum, gave messages ending in
     * {@code java.io.EOFException} or {@code java.util.zip.ZipException}.
     */
    @Example
    void aZipMarkAloneIsOneLineOfWords() {
        Path file = Fuzz.write(dir.resolve("mark.npz"), new byte[] {'P', 'K', 3, 4});
        try (NDManager scope = manager.newSubManager()) {
            assertThatThrownBy(() -> NpzFile.of(file).read(scope))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(file + " is not a readable NumPy .npz archive")
                    .satisfies(e -> Fuzz.isOneLineOfWords(e.getMessage()));
        }
    }

    /** Found by fuzzing (2,000 tries): NegativeArraySizeException from NumPy's archive. */
    @Example
    void aHeaderDeclaringAnImpossibleSizeIsRefused() {
        byte[] bytes =
                new Fuzz.Mutation(Fuzz.Kind.SET_INT, 67, Integer.MAX_VALUE).apply(valid.get(1));
        read(bytes);
    }

    @Provide
    Arbitrary<Integer> archive() {
        return Arbitraries.of(0, 1);
    }

    @Provide
    Arbitrary<List<Fuzz.Mutation>> damage() {
        // The zip headers' sizes and name lengths, the .npy header's length, and the digits of
        // each array's shape.
        IntStream header = IntStream.empty();
        for (byte[] archive : valid) {
            for (int at : Fuzz.offsetsOf(archive, "PK\u0003\u0004")) {
                header = IntStream.concat(header, IntStream.of(at + 18, at + 22, at + 26));
            }
            for (int at : Fuzz.offsetsOf(archive, "PK\u0001\u0002")) {
                header = IntStream.concat(header, IntStream.of(at + 20, at + 24, at + 28));
            }
            for (int at : Fuzz.offsetsOf(archive, "NUMPY")) {
                header = IntStream.concat(header, IntStream.of(at + 5, at + 7));
            }
            for (int at : Fuzz.offsetsOf(archive, "'shape': (")) {
                header = IntStream.concat(header, IntStream.range(at + 10, at + 16));
            }
        }
        return Fuzz.mutations(header.distinct().toArray());
    }
}
