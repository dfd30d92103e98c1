package io.github.nin4j.data;

import ai.djl.util.Utils;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the four Fashion-MNIST files, or fetches them. It looks, in order, at {@code --data DIR},
 * the environment variable {@code NIN_DATA}, the user cache ({@code
 * $XDG_CACHE_HOME/nin/fashion-mnist}, by default {@code ~/.cache/nin/fashion-mnist}) and the Debian
 * package's directory {@code /usr/share/datasets/fashion-mnist}; a directory counts when it holds
 * the four standard files, each gzipped or not. A directory named by {@code --data} or {@code
 * NIN_DATA} must hold them: the user asked for it, so it is an error, not a fall-through.
 *
 * <p>When none has them, it fetches the missing files into the cache: from the upstream site
 * ({@code NIN_DATA_URL} or {@link Builder#optDataUrl} overrides the base URL), then, only when
 * asked ({@link Builder#optPackageManager}), through {@code apt-get download
 * dataset-fashion-mnist}. Every fetched file's decompressed content must match the SHA-256 recorded
 * in {@link FashionMnistFile} before it is renamed into the cache. When nothing works, the error
 * lists what was tried and the commands that would fix it.
 *
 * <p>What a library does to the machine by default: it downloads, as DJL's own data sets do, unless
 * DJL is offline ({@code -Dai.djl.offline=true} or {@code DJL_OFFLINE=true}, read by DJL's {@code
 * Utils.isOfflineMode()}) or {@link Builder#optAllowDownload} says no; it never runs the system's
 * package tools ({@code apt-get}, as root also {@code apt-get update}) unless the caller opts in.
 * The {@code nin} command opts in, for a newcomer on a bare machine, and says so in one line when
 * it happens.
 */
public final class DataLocator {

    /** The environment variable that names a data directory. */
    public static final String DATA_VARIABLE = "NIN_DATA";

    /** The environment variable that overrides the download's base URL. */
    public static final String URL_VARIABLE = "NIN_DATA_URL";

    /** Upstream's download location, as torchvision's {@code FashionMNIST} uses it. */
    public static final String UPSTREAM_URL =
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    private final Path dataDir;
    private final Map<String, String> environment;
    private final Path cacheDir;
    private final Path systemDir;
    private final String dataUrl;
    private final String dataUrlOrigin;
    private final PrintWriter progress;
    private final boolean allowDownload;
    private final String noDownloadReason;
    private final boolean packageManager;
    private final PackageFetch packageFetch;
    private final Map<String, String> expectedSha256;
    private final Duration timeout;
    private final String dataDirName;
    private final String dataUrlName;

    private DataLocator(Builder builder) {
        dataDir = builder.dataDir;
        environment = builder.environment;
        cacheDir = builder.cacheDir != null ? builder.cacheDir : defaultCache(environment);
        systemDir = builder.systemDir;
        String fromEnvironment = environment.get(URL_VARIABLE);
        if (builder.dataUrl != null) {
            dataUrl = builder.dataUrl;
            dataUrlOrigin = builder.dataUrlName;
        } else if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            dataUrl = fromEnvironment.strip();
            dataUrlOrigin = URL_VARIABLE;
        } else {
            dataUrl = UPSTREAM_URL;
            dataUrlOrigin = null;
        }
        progress = builder.progress;
        allowDownload = builder.allowDownload != null ? builder.allowDownload : !offline();
        noDownloadReason =
                builder.allowDownload != null
                        ? "downloads are turned off"
                        : "DJL is offline: ai.djl.offline or DJL_OFFLINE";
        packageManager = builder.packageManager;
        packageFetch =
                builder.packageFetch != null
                        ? builder.packageFetch
                        : new DebianPackageFetch(builder.progress);
        expectedSha256 = builder.expectedSha256;
        timeout = builder.timeout;
        dataDirName = builder.dataDirName;
        dataUrlName = builder.dataUrlName;
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
     * The cache directory this locator uses.
     *
     * @return the cache directory
     */
    public Path cacheDir() {
        return cacheDir;
    }

    /**
     * Finds the data, fetching it into the cache when no directory has it.
     *
     * @return where the four files are and how they were found; the checksums are filled in by
     *     {@link FashionMnist#load}
     * @throws InvalidInputException when a directory the user named lacks the files, or when
     *     nothing has them and nothing could fetch them: the message lists what was tried and how
     *     to fix it
     */
    public DataSource locate() {
        if (dataDir != null) {
            return named(dataDir, dataDirName + " " + dataDir, dataDirName);
        }
        String variable = environment.get(DATA_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            Path directory = Path.of(variable.strip());
            return named(directory, DATA_VARIABLE + "=" + directory, DATA_VARIABLE);
        }
        List<String> tried = new ArrayList<>();
        if (missing(cacheDir).isEmpty()) {
            return DataSource.of(cacheDir, "cache " + cacheDir);
        }
        tried.add("cache " + cacheDir + " (" + describeMissing(cacheDir) + ")");
        if (missing(systemDir).isEmpty()) {
            return DataSource.of(
                    systemDir,
                    "Debian package " + DebianPackageFetch.PACKAGE + " (" + systemDir + ")");
        }
        tried.add(systemDir + " (" + describeMissing(systemDir) + ")");
        if (!allowDownload) {
            tried.add("no download (" + noDownloadReason + ")");
            throw notFound(tried);
        }
        CacheInstaller installer = new CacheInstaller(cacheDir, expectedSha256);
        UpstreamDownload download = new UpstreamDownload(dataUrl, timeout, progress);
        try {
            progress.println(
                    "Fashion-MNIST: fetching into " + cacheDir + " from " + download.baseUrl());
            progress.flush();
            download.fetchMissing(installer);
            return DataSource.of(
                    cacheDir, "downloaded from " + download.baseUrl() + " into cache " + cacheDir);
        } catch (IOException e) {
            tried.add("download from " + download.baseUrl() + " (" + reason(e) + ")");
        }
        if (packageManager) {
            try {
                // The one line that says the system's package tools are about to run.
                progress.println(
                        "Fashion-MNIST: no data found and the download failed, so fetching the"
                                + " Debian package "
                                + DebianPackageFetch.PACKAGE
                                + " with apt-get into "
                                + cacheDir);
                progress.flush();
                packageFetch.fetchMissing(installer);
                return DataSource.of(
                        cacheDir,
                        "Debian package "
                                + DebianPackageFetch.PACKAGE
                                + " (apt-get download) into cache "
                                + cacheDir);
            } catch (IOException e) {
                tried.add(
                        "apt-get download " + DebianPackageFetch.PACKAGE + " (" + reason(e) + ")");
            }
        }
        throw notFound(tried);
    }

    private static DataSource named(Path directory, String origin, String option) {
        if (!Files.isDirectory(directory)) {
            throw new InvalidInputException(
                    option
                            + " "
                            + directory
                            + " is not a directory; name a directory that holds the four"
                            + " Fashion-MNIST files ("
                            + fileNames()
                            + "), or leave "
                            + option
                            + " out to use the cache");
        }
        List<FashionMnistFile> missing = missing(directory);
        if (!missing.isEmpty()) {
            throw new InvalidInputException(
                    option
                            + " "
                            + directory
                            + " lacks "
                            + String.join(
                                    ", ", missing.stream().map(FashionMnistFile::baseName).toList())
                            + " (gzipped or not); put the four Fashion-MNIST files there, or leave "
                            + option
                            + " out to use the cache");
        }
        return DataSource.of(directory, origin);
    }

    private InvalidInputException notFound(List<String> tried) {
        return new InvalidInputException(
                "no Fashion-MNIST data found; tried: "
                        + String.join("; ", tried)
                        + ". Fix: as root run `apt-get update && apt-get install "
                        + DebianPackageFetch.PACKAGE
                        + "`, or pass "
                        + dataDirName
                        + " DIR (or set "
                        + DATA_VARIABLE
                        + "=DIR) naming a directory with "
                        + fileNames()
                        + ", or pass "
                        + dataUrlName
                        + " URL (or set "
                        + URL_VARIABLE
                        + "=URL) naming a reachable mirror"
                        + (dataUrlOrigin == null
                                ? ""
                                : " (now " + dataUrlOrigin + "=" + dataUrl + ")"));
    }

    private static List<FashionMnistFile> missing(Path directory) {
        return Arrays.stream(FashionMnistFile.values())
                .filter(f -> f.find(directory).isEmpty())
                .toList();
    }

    private static String describeMissing(Path directory) {
        if (!Files.isDirectory(directory)) {
            return "absent";
        }
        List<FashionMnistFile> missing = missing(directory);
        return missing.size() == FashionMnistFile.values().length
                ? "no data files"
                : "lacks "
                        + String.join(
                                ", ", missing.stream().map(FashionMnistFile::baseName).toList());
    }

    private static String fileNames() {
        return String.join(
                ", ",
                Arrays.stream(FashionMnistFile.values()).map(f -> f.baseName() + "[.gz]").toList());
    }

    private static String reason(IOException e) {
        String message = e.getMessage();
        if (e.getCause() != null
                && e.getCause().getMessage() != null
                && (message == null || !message.contains(e.getCause().getMessage()))) {
            message = message + ": " + e.getCause().getMessage();
        }
        return message == null ? Reasons.of(e) : Reasons.withoutClassNames(message);
    }

    /** DJL's switch for "download nothing", so that one setting keeps both offline. */
    private static boolean offline() {
        return Utils.isOfflineMode();
    }

    private static Path defaultCache(Map<String, String> environment) {
        return UserCache.root(environment).resolve("fashion-mnist");
    }

    /** Fetches the missing files through the system's package tools; a test replaces it. */
    interface PackageFetch {

        /**
         * Fetches and installs every file the cache lacks.
         *
         * @param installer the cache to fill
         * @throws IOException if the tools are missing or fail, or a file fails its check
         */
        void fetchMissing(CacheInstaller installer) throws IOException;
    }

    /** Builds a {@link DataLocator}; every option has a default. */
    public static final class Builder {
        private Path dataDir;
        private Map<String, String> environment = System.getenv();
        private Path cacheDir;
        private Path systemDir = DebianPackageFetch.PACKAGE_DIRECTORY;
        private String dataUrl;
        private PrintWriter progress;
        private Boolean allowDownload;
        private boolean packageManager;
        private PackageFetch packageFetch;
        private Map<String, String> expectedSha256;
        private Duration timeout = Duration.ofSeconds(30);
        private String dataDirName = "data directory";
        private String dataUrlName = "data URL";

        private Builder() {}

        /**
         * Sets the directory named by {@code --data}, which then must hold the files (default:
         * none).
         *
         * @param dataDir the directory, or null for none
         * @return this builder
         */
        public Builder optDataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /**
         * Sets the environment read for {@code NIN_DATA}, {@code NIN_DATA_URL}, {@code
         * XDG_CACHE_HOME} and {@code HOME} (default: the process's).
         *
         * @param environment variable name to value
         * @return this builder
         */
        public Builder optEnvironment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /**
         * Sets the cache directory (default: {@code $XDG_CACHE_HOME/nin/fashion-mnist}, else {@code
         * $HOME/.cache/nin/fashion-mnist}).
         *
         * @param cacheDir the directory
         * @return this builder
         */
        public Builder optCacheDir(Path cacheDir) {
            this.cacheDir = cacheDir;
            return this;
        }

        /**
         * Sets the system-wide directory checked after the cache (default: {@code
         * /usr/share/datasets/fashion-mnist}, where the Debian package puts the files).
         *
         * @param systemDir the directory
         * @return this builder
         */
        public Builder optSystemDir(Path systemDir) {
            this.systemDir = systemDir;
            return this;
        }

        /**
         * Sets the base URL to download from, as {@code --data-url} does (default: {@code
         * NIN_DATA_URL}, else {@link #UPSTREAM_URL}).
         *
         * @param dataUrl an http, https or file URL of the directory with the {@code .gz} files, or
         *     null for the default
         * @return this builder
         */
        public Builder optDataUrl(String dataUrl) {
            this.dataUrl = dataUrl;
            return this;
        }

        /**
         * Sets where download progress goes (default: standard error).
         *
         * @param progress the writer
         * @return this builder
         */
        public Builder optProgress(PrintWriter progress) {
            this.progress = progress;
            return this;
        }

        /**
         * Sets whether to fetch the files when no directory has them (default: true, as DJL's data
         * sets download, unless DJL is offline: {@code -Dai.djl.offline=true} or {@code
         * DJL_OFFLINE=true}).
         *
         * @param allowDownload false to fail instead
         * @return this builder
         */
        public Builder optAllowDownload(boolean allowDownload) {
            this.allowDownload = allowDownload;
            return this;
        }

        /**
         * Sets whether to try {@code apt-get download} (and, as root, {@code apt-get update}) when
         * the HTTP download fails (default: false: a library does not run the system's package
         * tools unless asked; the {@code nin} command asks). One line on the progress writer says
         * when it happens.
         *
         * @param packageManager true to allow the system's package tools
         * @return this builder
         */
        public Builder optPackageManager(boolean packageManager) {
            this.packageManager = packageManager;
            return this;
        }

        /** Replaces the package tools, for tests that must not run them. */
        Builder optPackageFetch(PackageFetch packageFetch) {
            this.packageFetch = packageFetch;
            return this;
        }

        /**
         * Sets the SHA-256 each fetched file's decompressed content must have (default: the real
         * Fashion-MNIST's, from {@link FashionMnistFile#sha256()}); for tests that serve small
         * files.
         *
         * @param expectedSha256 file base name to SHA-256, for all four files
         * @return this builder
         */
        public Builder optExpectedSha256(Map<String, String> expectedSha256) {
            this.expectedSha256 = Map.copyOf(expectedSha256);
            return this;
        }

        /**
         * Sets what the caller calls the data directory and the download URL, for messages: a
         * command line passes its options' names (default: "data directory", "data URL").
         *
         * @param dataDir the data directory's name, e.g. {@code --data}
         * @param dataUrl the URL's name, e.g. {@code --data-url}
         * @return this builder
         */
        public Builder optSettingNames(String dataDir, String dataUrl) {
            this.dataDirName = dataDir;
            this.dataUrlName = dataUrl;
            return this;
        }

        /**
         * Sets how long a download waits to connect, and for each read (default: 30 seconds).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder optTimeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Builds the locator.
         *
         * @return the locator
         * @throws InvalidInputException if the URL is not an http, https or file URL
         */
        public DataLocator build() {
            if (dataUrl != null) {
                checkUrl(dataUrl, dataUrlName);
            } else if (environment.get(URL_VARIABLE) != null
                    && !environment.get(URL_VARIABLE).isBlank()) {
                checkUrl(environment.get(URL_VARIABLE).strip(), URL_VARIABLE);
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            if (expectedSha256 == null) {
                Map<String, String> published = new LinkedHashMap<>();
                for (FashionMnistFile file : FashionMnistFile.values()) {
                    published.put(file.baseName(), file.sha256());
                }
                expectedSha256 = published;
            } else if (!expectedSha256
                    .keySet()
                    .containsAll(
                            Arrays.stream(FashionMnistFile.values())
                                    .map(FashionMnistFile::baseName)
                                    .toList())) {
                throw new IllegalArgumentException("expected checksums must cover the four files");
            }
            if (progress == null) {
                progress =
                        new PrintWriter(
                                new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
            }
            return new DataLocator(this);
        }

        private static void checkUrl(String url, String option) {
            Set<String> schemes = Set.of("http", "https", "file");
            try {
                URI uri = new URI(url);
                if (uri.getScheme() != null
                        && schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                    return;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw new InvalidInputException(
                    option
                            + " '"
                            + url
                            + "' is not an http, https or file URL; give the directory URL that"
                            + " holds train-images-idx3-ubyte.gz and the other three files, e.g. "
                            + UPSTREAM_URL);
        }
    }
}
