package io.github.nin4j.data;

import ai.djl.training.util.DownloadUtils;
import ai.djl.util.Utils;
import io.github.nin4j.base.AtomicFile;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the four Fashion-MNIST files, or downloads them. It looks in the user cache ({@code
 * $XDG_CACHE_HOME/nin/fashion-mnist}, by default {@code ~/.cache/nin/fashion-mnist}), then in the
 * Debian package's directory {@code /usr/share/datasets/fashion-mnist} (package {@code
 * dataset-fashion-mnist}); a directory counts when it holds the four files, each gzipped or not.
 * When neither has them, it downloads what the cache lacks with DJL's {@link DownloadUtils}, as
 * DJL's own data sets do, unless DJL is offline ({@code -Dai.djl.offline=true} or {@code
 * DJL_OFFLINE=true}) or {@link Builder#optAllowDownload} says no. A downloaded file enters the
 * cache only when the SHA-256 of its content is the one in {@link FashionMnistFile}. The library
 * runs no package tools: installing Debian's package is the application's choice ({@code ./nin}
 * does it).
 */
public final class DataLocator {

    /** Upstream's download location, as torchvision's {@code FashionMNIST} uses it. */
    public static final String UPSTREAM_URL =
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    /** Where Debian's package {@code dataset-fashion-mnist} puts the files. */
    public static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    private final Path cacheDir;
    private final Path systemDir;
    private final String dataUrl;
    private final boolean allowDownload;
    private final boolean offline;
    private final PrintWriter progress;
    private final Map<String, String> expectedSha256;

    private DataLocator(Builder builder) {
        cacheDir = builder.cacheDir;
        systemDir = builder.systemDir;
        dataUrl = builder.dataUrl.endsWith("/") ? builder.dataUrl : builder.dataUrl + "/";
        offline = builder.allowDownload == null && Utils.isOfflineMode();
        allowDownload = builder.allowDownload == null ? !offline : builder.allowDownload;
        progress = builder.progress;
        expectedSha256 = builder.expectedSha256;
    }

    /**
     * Starts a builder.
     *
     * @return a builder with the defaults described on each option
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Finds the data, downloading it into the cache when no directory has it.
     *
     * @return where the four files are and how they were found; the checksums are filled in by
     *     {@link FashionMnist#load}
     * @throws InvalidInputException when nothing has the files and nothing could fetch them; the
     *     message is one line that lists what was tried
     */
    public DataSource locate() {
        if (FashionMnistFile.missing(cacheDir).isEmpty()) {
            return DataSource.of(cacheDir, "cache " + cacheDir);
        }
        if (FashionMnistFile.missing(systemDir).isEmpty()) {
            return DataSource.of(
                    systemDir, "Debian package dataset-fashion-mnist (" + systemDir + ")");
        }
        List<String> tried = new ArrayList<>();
        tried.add("cache " + cacheDir + " (" + describeMissing(cacheDir) + ")");
        tried.add(systemDir + " (" + describeMissing(systemDir) + ")");
        if (!allowDownload) {
            tried.add(
                    offline
                            ? "no download (DJL is offline: ai.djl.offline or DJL_OFFLINE)"
                            : "no download (downloads are turned off)");
        } else {
            try {
                download();
                return DataSource.of(
                        cacheDir, "downloaded from " + dataUrl + " into cache " + cacheDir);
            } catch (IOException e) {
                tried.add("download from " + dataUrl + " (" + reason(e) + ")");
            }
        }
        throw new InvalidInputException(
                "no Fashion-MNIST data found; tried: " + String.join("; ", tried));
    }

    private void download() throws IOException {
        for (FashionMnistFile file : FashionMnistFile.missing(cacheDir)) {
            String url = dataUrl + file.baseName() + FashionMnistFile.GZIP_SUFFIX;
            progress.println("Fashion-MNIST: downloading " + url + " into " + cacheDir);
            progress.flush();
            try (AtomicFile target = AtomicFile.create(cacheDir.resolve(file.baseName()))) {
                // DJL's download keeps a file that exists, and unpacks a .gz as it reads it.
                Files.delete(target.temporary());
                DownloadUtils.download(URI.create(url).toURL(), target.temporary(), null);
                String actual;
                try (InputStream in = Files.newInputStream(target.temporary())) {
                    actual = IdxFile.sha256(in);
                }
                String expected = expectedSha256.get(file.baseName());
                if (!actual.equals(expected)) {
                    throw new IOException(
                            ("%s: content SHA-256 is %s, expected %s (not Fashion-MNIST's file;"
                                            + " nothing was kept)")
                                    .formatted(file.baseName(), actual, expected));
                }
                target.commit();
            }
        }
    }

    private static String describeMissing(Path directory) {
        if (!Files.isDirectory(directory)) {
            return "absent";
        }
        List<FashionMnistFile> missing = FashionMnistFile.missing(directory);
        return missing.size() == FashionMnistFile.values().length
                ? "no data files"
                : "lacks " + FashionMnistFile.names(missing, "");
    }

    private static String reason(IOException e) {
        if (e instanceof FileNotFoundException) {
            // What the JDK's HTTP client throws for 404, with the URL as its message.
            return "not found: " + e.getMessage();
        }
        if (e instanceof UnknownHostException) {
            return "cannot resolve host " + e.getMessage();
        }
        return Reasons.of(e);
    }

    /** Builds a {@link DataLocator}; every option has a default. */
    public static final class Builder {
        private Path cacheDir = UserCache.root(System.getenv()).resolve("fashion-mnist");
        private Path systemDir = DEBIAN_DIRECTORY;
        private String dataUrl = UPSTREAM_URL;
        private Boolean allowDownload;
        private PrintWriter progress;
        private Map<String, String> expectedSha256 =
                Arrays.stream(FashionMnistFile.values())
                        .collect(
                                Collectors.toUnmodifiableMap(
                                        FashionMnistFile::baseName, FashionMnistFile::sha256));

        private Builder() {}

        /**
         * Sets the cache directory, looked at first and downloaded into (default: {@code
         * $XDG_CACHE_HOME/nin/fashion-mnist}, else {@code $HOME/.cache/nin/fashion-mnist}).
         *
         * @param cacheDir the directory
         * @return this builder
         */
        public Builder optCacheDir(Path cacheDir) {
            this.cacheDir = cacheDir;
            return this;
        }

        /**
         * Sets the system-wide directory looked at after the cache (default: {@link
         * #DEBIAN_DIRECTORY}).
         *
         * @param systemDir the directory
         * @return this builder
         */
        public Builder optSystemDir(Path systemDir) {
            this.systemDir = systemDir;
            return this;
        }

        /**
         * Sets the base URL to download from (default: {@link #UPSTREAM_URL}).
         *
         * @param dataUrl an http, https or file URL of the directory with the four {@code .gz}
         *     files, or null for the default
         * @return this builder
         */
        public Builder optDataUrl(String dataUrl) {
            this.dataUrl = dataUrl == null ? UPSTREAM_URL : dataUrl.strip();
            return this;
        }

        /**
         * Sets whether to download the files when no directory has them (default: true, as DJL's
         * data sets download, unless DJL is offline).
         *
         * @param allowDownload false to fail instead
         * @return this builder
         */
        public Builder optAllowDownload(boolean allowDownload) {
            this.allowDownload = allowDownload;
            return this;
        }

        /**
         * Sets where the line announcing each download goes (default: standard error).
         *
         * @param progress the writer
         * @return this builder
         */
        public Builder optProgress(PrintWriter progress) {
            this.progress = progress;
            return this;
        }

        /** Replaces the expected checksums, for tests that serve small files. */
        Builder optExpectedSha256(Map<String, String> expectedSha256) {
            this.expectedSha256 = Map.copyOf(expectedSha256);
            return this;
        }

        /**
         * Builds the locator.
         *
         * @return the locator
         * @throws InvalidInputException if the URL is not an http, https or file URL; the message
         *     starts with the URL in quotes, for the caller to say where it came from
         */
        public DataLocator build() {
            try {
                String scheme = URI.create(dataUrl).getScheme();
                if (scheme == null
                        || !Set.of("http", "https", "file")
                                .contains(scheme.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(
                        ("'%s' is not an http, https or file URL; give the URL of the directory"
                                        + " that holds train-images-idx3-ubyte.gz and the other"
                                        + " three files, e.g. %s")
                                .formatted(dataUrl, UPSTREAM_URL));
            }
            if (progress == null) {
                progress =
                        new PrintWriter(
                                new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
            }
            return new DataLocator(this);
        }
    }
}
