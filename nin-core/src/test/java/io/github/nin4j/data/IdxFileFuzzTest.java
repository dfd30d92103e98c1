package io.github.nin4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nin4j.base.Fuzz;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Fuzzes the IDX reader (docs/notes/fuzzing.md): any bytes, and damaged Fashion-MNIST files. */
class IdxFileFuzzTest {

    private static final SmallFashionMnist VALID = new SmallFashionMnist(3, 2);

    private static Path dir;

    @BeforeContainer
    static void createDirectory() {
        dir = Fuzz.temporaryDirectory("idx");
    }

    @AfterContainer
    static void deleteDirectory() {
        Fuzz.delete(dir);
    }

    /** Plain, gzipped, or not gzipped but named so. */
    enum Packing {
        PLAIN,
        GZIPPED,
        NAMED_GZ
    }

    private static IdxFile read(byte[] content, FashionMnistFile kind, Packing packing) {
        boolean gz = packing != Packing.PLAIN;
        Path file =
                Fuzz.write(
                        dir.resolve("input" + (gz ? FashionMnistFile.GZIP_SUFFIX : "")),
                        packing == Packing.GZIPPED ? SmallFashionMnist.gzip(content) : content);
        IdxFile idx = Fuzz.parsesOrRefuses(() -> IdxFile.read(file, kind));
        if (idx != null) {
            assertThat(idx.count()).isPositive();
            assertThat(idx.data()).hasSize(idx.count() * (kind.images() ? 28 * 28 : 1));
        }
        return idx;
    }

    @Property
    void anyBytes(
            @ForAll @Size(max = 4096) byte[] bytes,
            @ForAll FashionMnistFile kind,
            @ForAll Packing packing) {
        read(bytes, kind, packing);
    }

    @Property
    void damagedFiles(
            @ForAll FashionMnistFile kind,
            @ForAll("damage") List<Fuzz.Mutation> damage,
            @ForAll Packing packing) {
        read(Fuzz.damaged(VALID.content(kind), damage), kind, packing);
    }

    @Provide
    Arbitrary<List<Fuzz.Mutation>> damage() {
        // The type and dimension-count bytes, and the count, rows and columns.
        return Fuzz.mutations(2, 3, 4, 8, 12);
    }
}
