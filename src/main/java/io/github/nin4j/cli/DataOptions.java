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
                    "Directory with the four Fashion-MNIST IDX files, gzipped or not. Default:"
                            + " $NIN_DATA, the user cache, /usr/share/datasets/fashion-mnist,"
                            + " else fetched into the cache.")
    Path dataDir;

    @Option(
            names = "--data-url",
            paramLabel = "URL",
            description =
                    "Base URL to download the .gz files from (default: $NIN_DATA_URL, else "
                            + DataLocator.UPSTREAM_URL
                            + ").")
    String dataUrl;

    @Option(
            names = "--no-download",
            description = "Never fetch the data; fail when no directory has it.")
    boolean noDownload;

    /**
     * Finds the data, fetching it into the cache when allowed and needed.
     *
     * @param progress where fetch progress goes
     * @return where the four files are
     */
    DataSource locate(PrintWriter progress) {
        return DataLocator.builder()
                .optDataDir(dataDir)
                .optDataUrl(dataUrl)
                .optAllowDownload(!noDownload)
                .optProgress(progress)
                .build()
                .locate();
    }

    /**
     * Finds the data and loads both splits.
     *
     * @param progress where fetch progress goes
     * @return both splits
     */
    FashionMnist load(PrintWriter progress) {
        return FashionMnist.load(locate(progress));
    }
}
