package io.github.nin4j.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MemoryAllocatorTest {

    private static final String LIBC =
            "7f1c2a400000-7f1c2a428000 r--p 00000000 fe:01 1315 /usr/lib/x86_64-linux-gnu/libc.so.6";
    private static final String TCMALLOC =
            "7f1c2a600000-7f1c2a608000 r--p 00000000 fe:01 2043"
                    + " /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4.5.10";
    private static final String JEMALLOC =
            "7f1c2a700000-7f1c2a708000 r--p 00000000 fe:01 2051 /usr/lib/x86_64-linux-gnu/libjemalloc.so.2";
    private static final String ANONYMOUS =
            "7ffd1e5f0000-7ffd1e611000 rw-p 00000000 00:00 0 [stack]";

    @Test
    void findsAPreloadedAllocatorAmongTheMappedLibraries() {
        assertThat(MemoryAllocator.fromMappedFiles(Stream.of(ANONYMOUS, LIBC, TCMALLOC)))
                .isEqualTo(MemoryAllocator.TCMALLOC);
        assertThat(MemoryAllocator.fromMappedFiles(Stream.of(JEMALLOC, LIBC)))
                .isEqualTo(MemoryAllocator.JEMALLOC);
    }

    @Test
    void withoutOneItIsGlibcAndTheHeaderSaysHowToGetTheFasterOne() {
        MemoryAllocator allocator = MemoryAllocator.fromMappedFiles(Stream.of(ANONYMOUS, LIBC));
        assertThat(allocator).isEqualTo(MemoryAllocator.GLIBC);
        assertThat(allocator.describe())
                .startsWith("glibc malloc (")
                .contains("libtcmalloc-minimal4");
        assertThat(MemoryAllocator.TCMALLOC.describe()).isEqualTo("tcmalloc");
    }

    @Test
    void aPathThatMerelyContainsTheNameIsNotTheLibrary() {
        String lookalike =
                "7f1c2a800000-7f1c2a808000 r--p 00000000 fe:01 9 /opt/libtcmalloc/notes.txt";
        assertThat(MemoryAllocator.fromMappedFiles(Stream.of(lookalike, LIBC)))
                .isEqualTo(MemoryAllocator.GLIBC);
    }

    @Test
    void aProgramOnGlibcIsToldOnceInOneLineHowToPreloadTcmalloc() {
        assertThat(MemoryAllocator.notice())
                .doesNotContain("\n")
                .contains("glibc's malloc")
                .contains("LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4")
                .contains("Debian package libtcmalloc-minimal4");
        // Whatever the first call did (this JVM may run on either allocator, and another test
        // may have trained already), a later one stays silent.
        MemoryAllocator.noticeOnce();
        assertThat(MemoryAllocator.noticeOnce()).isFalse();
    }
}
