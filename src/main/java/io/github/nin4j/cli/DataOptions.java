package io.github.nin4j.cli;

import io.github.nin4j.data.DataLocator;
import io.github.nin4j.data.DataSource;
import io.github.nin4j.data.FashionMnist;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where to find Fashion-MNIST, shared by the commands that read it. */
final class DataOptions {

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description =
                    "Directory with the four Fashion-MNIST IDX files (.gz or not). Default: $NIN_DATA,"
                            + " the user cache, /usr/share/datasets/fashion-mnist, else download.")
    Path dataDir;

    @Option(
            names = "--data-url",
            paramLabel = "URL",
            description = "Base URL to download Fashion-MNIST from (default: $NIN_DATA_URL or upstream).")
    String dataUrl;

    /**
     * Finds (or fetches) the data and loads it.
     *
     * @param progress where download progress goes
     * @return both splits
     */
    FashionMnist load(PrintWriter progress) {
        DataLocator.Builder locator = DataLocator.builder().optProgress(progress);
        if (dataDir != null) {
            locator.optDataDir(dataDir);
        }
        if (dataUrl != null) {
            locator.optDataUrl(dataUrl);
        }
        DataSource source = locator.build().locate();
        return FashionMnist.load(source);
    }
}
