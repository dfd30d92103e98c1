package io.github.nin4j.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The C memory allocator serving this process, and with it the engine's tensors.
 *
 * <p>It matters for speed on the CPU: a training step allocates and frees large blocks of
 * activations, which glibc's {@code malloc} returns to the kernel and page-faults back in on the
 * next step, while tcmalloc keeps and reuses them (docs/notes/tcmalloc.md has the measurements).
 * The {@code ./nin} launcher preloads it (README, "Speed"); a Java program that embeds the library
 * is told once, in its log, when it runs on glibc's (see {@link #noticeOnce()}).
 */
public enum MemoryAllocator {
    /** gperftools' tcmalloc, preloaded by the launcher. */
    TCMALLOC("tcmalloc", "libtcmalloc"),
    /** jemalloc, preloaded by the user. */
    JEMALLOC("jemalloc", "libjemalloc"),
    /** The C library's own allocator. */
    GLIBC("glibc malloc", null);

    /** The Debian package with tcmalloc, as the launcher fetches it. */
    public static final String TCMALLOC_PACKAGE = "libtcmalloc-minimal4";

    private static final Logger LOGGER = LoggerFactory.getLogger(MemoryAllocator.class);

    private static final AtomicBoolean NOTICED = new AtomicBoolean();

    private final String displayName;
    private final String libraryPrefix;

    MemoryAllocator(String displayName, String libraryPrefix) {
        this.displayName = displayName;
        this.libraryPrefix = libraryPrefix;
    }

    /**
     * Finds the allocator of the running process from the libraries it has mapped.
     *
     * @return the allocator; {@link #GLIBC} where {@code /proc/self/maps} cannot be read
     */
    public static MemoryAllocator current() {
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            return fromMappedFiles(maps);
        } catch (IOException | SecurityException e) {
            return GLIBC;
        }
    }

    /**
     * The first preloadable allocator the lines of a {@code /proc/PID/maps} file map, or glibc's.
     */
    static MemoryAllocator fromMappedFiles(Stream<String> maps) {
        return maps.map(line -> line.substring(line.lastIndexOf('/') + 1))
                .flatMap(
                        file ->
                                Stream.of(TCMALLOC, JEMALLOC)
                                        .filter(a -> file.startsWith(a.libraryPrefix)))
                .findFirst()
                .orElse(GLIBC);
    }

    /**
     * What a run's header says about the allocator: its name, and for glibc's how to get the faster
     * one.
     *
     * @return one line
     */
    public String describe() {
        if (this != GLIBC) {
            return displayName;
        }
        return displayName
                + " (training steps ran 1.6x as fast with tcmalloc on the README's"
                + " machine: install libtcmalloc-minimal4 and run through ./nin, see README, Speed)";
    }

    /**
     * Logs, once per process, how to preload tcmalloc when this process runs on glibc's malloc: a
     * Java program that embeds the library does not get the launcher's tcmalloc and trains several
     * times slower without knowing why. The training loop calls it as training starts.
     *
     * <p>At INFO, not WARN: the process works, only slower, and the {@code nin} command, whose log
     * shows warnings only, already says so in its header.
     *
     * @return true when this call logged the notice
     */
    public static boolean noticeOnce() {
        // Checked once: reading /proc/self/maps costs more than a flag, and the answer never
        // changes.
        if (NOTICED.getAndSet(true) || current() != GLIBC) {
            return false;
        }
        LOGGER.info(notice());
        return true;
    }

    /** The notice's one line. */
    static String notice() {
        return "this process runs on glibc's malloc, with which training steps ran up to 3.6x"
                + " slower than with tcmalloc; preload tcmalloc (Debian package "
                + TCMALLOC_PACKAGE
                + "): LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 java ...";
    }

    /**
     * The allocator's short name, as recorded in manifests and benchmark results.
     *
     * @return the name
     */
    @Override
    public String toString() {
        return displayName;
    }
}
