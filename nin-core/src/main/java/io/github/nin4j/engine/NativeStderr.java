package io.github.nin4j.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.function.Supplier;

/**
 * Runs code with the process's standard error, file descriptor 2, sent to {@code /dev/null}.
 *
 * <p>libtorch logs "Could not initialize NNPACK! Reason: Unsupported hardware." for every float64
 * convolution on a CPU where NNPACK does not start (AMD Zen 5, for one): about a hundred lines per
 * engine check, written by native code straight to the descriptor. Its log level cannot be set from
 * DJL ({@code TORCH_CPP_LOG_LEVEL} is read only by PyTorch's Python module), so the check quiets
 * the descriptor while it runs. Errors still reach the caller as exceptions. Where libc cannot be
 * reached (not Linux), the code runs as it is.
 */
final class NativeStderr {

    private static final int STDERR = 2;
    private static final int O_WRONLY = 1;

    /** The few libc calls needed. */
    private interface LibC extends Library {
        int dup(int fd);

        int dup2(int from, int to);

        int open(String path, int flags);

        int close(int fd);
    }

    private NativeStderr() {}

    static <T> T silenced(Supplier<T> work) {
        LibC libc = libc();
        if (libc == null) {
            return work.get();
        }
        System.err.flush();
        int saved = libc.dup(STDERR);
        int devNull = libc.open("/dev/null", O_WRONLY);
        if (saved < 0 || devNull < 0 || libc.dup2(devNull, STDERR) < 0) {
            closeQuietly(libc, saved);
            closeQuietly(libc, devNull);
            return work.get();
        }
        try {
            return work.get();
        } finally {
            System.err.flush();
            libc.dup2(saved, STDERR);
            libc.close(saved);
            libc.close(devNull);
        }
    }

    private static void closeQuietly(LibC libc, int fd) {
        if (fd >= 0) {
            libc.close(fd);
        }
    }

    private static LibC libc() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return null;
        }
        try {
            return Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return null;
        }
    }
}
