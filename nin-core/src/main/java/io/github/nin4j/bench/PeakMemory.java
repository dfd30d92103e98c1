package io.github.nin4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak resident memory, as the kernel counts it ({@code VmHWM} in {@code
 * /proc/self/status}), which includes the engine's native allocations that the JVM does not see.
 */
public final class PeakMemory {

    private PeakMemory() {}

    /**
     * Reads the peak resident set size.
     *
     * @return bytes, or -1 where {@code /proc} is not available
     */
    public static long bytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
