package io.github.nin4j.cli;

import io.github.nin4j.data.ImageFolder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints how far the conversion of a folder's images has gone, once it has taken more than {@link
 * #QUIET_SECONDS}: a line then, about every tenth of the way after, and at the end, with the rate.
 * A folder converted faster prints nothing, so that an error about it stays one line.
 */
final class ConversionProgress implements ImageFolder.Progress {

    /** How long a conversion runs before it is reported. */
    static final double QUIET_SECONDS = 2;

    private final PrintWriter out;
    private final Path folder;
    private long start = -1;
    private boolean started;
    private int lastTenth;

    ConversionProgress(PrintWriter out, Path folder) {
        this.out = out;
        this.folder = folder;
    }

    @Override
    public synchronized void converted(int done, int total) {
        long now = System.nanoTime();
        if (start < 0) {
            start = now;
        }
        double seconds = (now - start) / 1e9;
        if (!started && seconds < QUIET_SECONDS) {
            return;
        }
        if (!started) {
            started = true;
            out.printf(
                    Locale.ROOT,
                    "converting the %,d images of %s into the image cache, once%n",
                    total,
                    folder);
        }
        int tenth = (int) (10L * done / total);
        if (tenth > lastTenth || done == total) {
            lastTenth = tenth;
            out.printf(
                    Locale.ROOT,
                    "  %,d of %,d (%.0f images/s)%n",
                    done,
                    total,
                    done / Math.max(seconds, 1e-9));
            out.flush();
        }
    }
}
