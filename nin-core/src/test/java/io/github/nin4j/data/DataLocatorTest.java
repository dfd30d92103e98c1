package io.github.nin4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.nin4j.base.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocatorTest {

    @TempDir Path dir;

    private final SmallFashionMnist small = new SmallFashionMnist(12, 5);
    private final StringWriter progress = new StringWriter();
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final Map<String, Integer> cutAfter = new ConcurrentHashMap<>();
    private HttpServer server;
    private Path cache;
    private Path system;

    @BeforeEach
    void startServer() throws IOException {
        cache = dir.resolve("cache");
        system = dir.resolve("system");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    String name = exchange.getRequestURI().getPath().substring(1);
                    byte[] body = served.get(name);
                    if (body == null) {
                        exchange.sendResponseHeaders(404, -1);
                        exchange.close();
                        return;
                    }
                    exchange.sendResponseHeaders(200, body.length);
                    OutputStream out = exchange.getResponseBody();
                    Integer cut = cutAfter.get(name);
                    out.write(body, 0, cut == null ? body.length : cut);
                    out.flush();
                    // Closing short of the promised length drops the connection mid-transfer.
                    exchange.close();
                });
        server.start();
        for (FashionMnistFile file : FashionMnistFile.values()) {
            served.put(file.baseName() + ".gz", SmallFashionMnist.gzip(small.content(file)));
        }
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void dataDirComesFirst() throws IOException {
        Path data = small.writeTo(dir.resolve("data"), false);
        small.writeTo(cache, true);
        DataSource source =
                locator(Map.of("NIN_DATA", cache.toString())).optDataDir(data).build().locate();
        assertThat(source.directory()).isEqualTo(data);
        assertThat(source.origin()).isEqualTo("--data " + data);
    }

    @Test
    void environmentVariableComesBeforeTheCache() throws IOException {
        Path data = small.writeTo(dir.resolve("data"), true);
        small.writeTo(cache, true);
        DataSource source = locator(Map.of("NIN_DATA", data.toString())).build().locate();
        assertThat(source.directory()).isEqualTo(data);
        assertThat(source.origin()).isEqualTo("NIN_DATA=" + data);
    }

    @Test
    void cacheComesBeforeTheSystemDirectory() throws IOException {
        small.writeTo(cache, true);
        small.writeTo(system, true);
        DataSource source = locator(Map.of()).build().locate();
        assertThat(source.origin()).isEqualTo("cache " + cache);
    }

    @Test
    void systemDirectoryIsTheDebianPackage() throws IOException {
        small.writeTo(system, true);
        DataSource source = locator(Map.of()).build().locate();
        assertThat(source.directory()).isEqualTo(system);
        assertThat(source.origin())
                .isEqualTo("Debian package dataset-fashion-mnist (" + system + ")");
    }

    @Test
    void defaultCacheFollowsXdgThenHome() {
        Map<String, String> environment = new HashMap<>();
        environment.put("HOME", "/home/u");
        assertThat(DataLocator.builder().optEnvironment(environment).build().cacheDir())
                .isEqualTo(Path.of("/home/u/.cache/nin/fashion-mnist"));
        environment.put("XDG_CACHE_HOME", "/xdg");
        assertThat(DataLocator.builder().optEnvironment(environment).build().cacheDir())
                .isEqualTo(Path.of("/xdg/nin/fashion-mnist"));
    }

    @Test
    void aNamedDirectoryWithoutTheFilesIsAnErrorNotAFallThrough() throws IOException {
        small.writeTo(cache, true);
        Path data = small.writeTo(dir.resolve("data"), true);
        Files.delete(data.resolve("train-labels-idx1-ubyte.gz"));
        assertThatThrownBy(() -> locator(Map.of()).optDataDir(data).build().locate())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "--data "
                                + data
                                + " lacks train-labels-idx1-ubyte (gzipped or not); put the four"
                                + " Fashion-MNIST files there, or leave --data out to use the"
                                + " cache");
        Path absent = dir.resolve("absent");
        assertThatThrownBy(() -> locator(Map.of("NIN_DATA", absent.toString())).build().locate())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("NIN_DATA " + absent + " is not a directory");
    }

    @Test
    void downloadsVerifiesAndCachesGoodFiles() throws IOException {
        DataSource source = locator(Map.of()).optDataUrl(url()).build().locate();

        assertThat(source.directory()).isEqualTo(cache);
        assertThat(source.origin()).isEqualTo("downloaded from " + url() + "/ into cache " + cache);
        assertThat(names(cache))
                .containsExactlyInAnyOrder(
                        "train-images-idx3-ubyte.gz",
                        "train-labels-idx1-ubyte.gz",
                        "t10k-images-idx3-ubyte.gz",
                        "t10k-labels-idx1-ubyte.gz");
        FashionMnist data = FashionMnist.load(source);
        assertThat(data.train().size()).isEqualTo(12);
        assertThat(data.source().contentSha256()).isEqualTo(small.checksums());
        assertThat(progress.toString()).contains("train-images-idx3-ubyte.gz").contains("100%");

        // Found in the cache the next time, without the server.
        server.stop(0);
        assertThat(locator(Map.of()).optDataUrl(url()).build().locate().origin())
                .isEqualTo("cache " + cache);
    }

    @Test
    void downloadsOnlyWhatThePartialCacheLacksFromTheEnvironmentsUrl() throws IOException {
        small.writeTo(cache, true);
        Files.delete(cache.resolve("t10k-images-idx3-ubyte.gz"));
        served.keySet().removeIf(name -> !name.startsWith("t10k-images"));
        DataSource source = locator(Map.of("NIN_DATA_URL", url())).build().locate();
        assertThat(source.origin()).startsWith("downloaded from " + url());
        assertThat(FashionMnist.load(source).test().size()).isEqualTo(5);
    }

    @Test
    void wrongChecksumIsRejectedAndLeavesNothingInTheCache() {
        byte[] other = small.content(FashionMnistFile.TRAIN_IMAGES);
        other[100] ^= 1;
        served.put("train-images-idx3-ubyte.gz", SmallFashionMnist.gzip(other));

        assertThatThrownBy(() -> locator(Map.of()).optDataUrl(url()).build().locate())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(
                        "download from "
                                + url()
                                + "/ (train-images-idx3-ubyte: content SHA-256 is "
                                + SmallFashionMnist.sha256(other)
                                + ", expected "
                                + small.checksums().get("train-images-idx3-ubyte"));
        assertThat(files(cache)).isEmpty();
    }

    @Test
    void interruptedTransferLeavesNothing() {
        cutAfter.put("train-images-idx3-ubyte.gz", 200);

        assertThatThrownBy(() -> locator(Map.of()).optDataUrl(url()).build().locate())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(
                        "download from "
                                + url()
                                + "/ (transfer of "
                                + url()
                                + "/train-images-idx3-ubyte.gz was interrupted after 200 of ");
        assertThat(files(cache)).isEmpty();
    }

    @Test
    void nothingFoundListsWhatWasTriedAndTheFixes() {
        served.clear();
        assertThatThrownBy(() -> locator(Map.of()).optDataUrl(url()).build().locate())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "no Fashion-MNIST data found; tried: cache "
                                + cache
                                + " (absent); "
                                + system
                                + " (absent); download from "
                                + url()
                                + "/ ("
                                + url()
                                + "/train-images-idx3-ubyte.gz answered HTTP 404 Not Found)."
                                + " Fix: as root run `apt-get update && apt-get install"
                                + " dataset-fashion-mnist`, or pass --data DIR (or set"
                                + " NIN_DATA=DIR) naming a directory with"
                                + " train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],"
                                + " t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz], or"
                                + " pass --data-url URL (or set NIN_DATA_URL=URL) naming a"
                                + " reachable mirror (now --data-url="
                                + url()
                                + ")");
    }

    @Test
    void downloadsCanBeTurnedOff() {
        assertThatThrownBy(
                        () ->
                                locator(Map.of())
                                        .optDataUrl(url())
                                        .optAllowDownload(false)
                                        .build()
                                        .locate())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("(absent); no download (downloads are turned off). Fix:");
        assertThat(cache).doesNotExist();
    }

    /** Stands in for apt-get: counts the calls, and fills the cache when told to. */
    private final class RecordingPackageFetch implements DataLocator.PackageFetch {
        int calls;

        @Override
        public void fetchMissing(CacheInstaller installer) throws IOException {
            calls++;
            for (FashionMnistFile file : FashionMnistFile.values()) {
                installer.install(file, temporary -> Files.write(temporary, small.content(file)));
            }
        }
    }

    /** A locator with the library's defaults, apart from where it looks and what it expects. */
    private DataLocator.Builder defaults(DataLocator.PackageFetch fetch) {
        served.clear();
        return DataLocator.builder()
                .optEnvironment(Map.of("HOME", dir.resolve("home").toString()))
                .optCacheDir(cache)
                .optSystemDir(system)
                // Nothing is served, so the download fails and only the package tools are left
                // (downloads are allowed explicitly: the build runs DJL offline, which would stop
                // the locator before it came to the package tools at all).
                .optAllowDownload(true)
                .optDataUrl(url())
                .optPackageFetch(fetch)
                .optExpectedSha256(small.checksums())
                .optTimeout(Duration.ofSeconds(5))
                .optProgress(new PrintWriter(progress, true));
    }

    @Test
    void withDefaultSettingsTheLibraryNeverRunsThePackageTools() {
        RecordingPackageFetch apt = new RecordingPackageFetch();
        assertThatThrownBy(() -> defaults(apt).build().locate())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("no Fashion-MNIST data found")
                .hasMessageNotContaining("apt-get download dataset-fashion-mnist (");
        assertThat(apt.calls).isZero();
        assertThat(progress.toString()).doesNotContain("apt-get");
    }

    @Test
    void aCallerThatOptsInGetsTheDebianPackageAndOneLineSayingSo() {
        RecordingPackageFetch apt = new RecordingPackageFetch();
        DataSource source = defaults(apt).optPackageManager(true).build().locate();

        assertThat(apt.calls).isEqualTo(1);
        assertThat(source.directory()).isEqualTo(cache);
        assertThat(progress.toString().lines().filter(l -> l.contains("apt-get")).toList())
                .containsExactly(
                        "Fashion-MNIST: no data found and the download failed, so fetching the"
                                + " Debian package dataset-fashion-mnist with apt-get into "
                                + cache);
    }

    @Test
    void djlsOfflineModeTurnsDownloadsOffUnlessTheCallerAllowsThem() {
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        assertThatThrownBy(
                        () ->
                                DataLocator.builder()
                                        .optEnvironment(Map.of("HOME", dir.toString()))
                                        .optCacheDir(cache)
                                        .optSystemDir(system)
                                        .optDataUrl(url())
                                        .optProgress(new PrintWriter(progress, true))
                                        .build()
                                        .locate())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(
                        "no download (DJL is offline: ai.djl.offline or DJL_OFFLINE)");
        assertThat(cache).doesNotExist();
    }

    @Test
    void aUrlThatIsNotHttpIsAUsageError() {
        assertThatThrownBy(() -> locator(Map.of()).optDataUrl("ftp:/x").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--data-url 'ftp:/x' is not an http, https or file URL");
        assertThatThrownBy(() -> locator(Map.of("NIN_DATA_URL", "nonsense")).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("NIN_DATA_URL 'nonsense' is not");
    }

    private DataLocator.Builder locator(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        env.put("HOME", dir.resolve("home").toString());
        return DataLocator.builder()
                .optSettingNames("--data", "--data-url")
                .optEnvironment(env)
                .optCacheDir(cache)
                .optSystemDir(system)
                // The build runs DJL offline (ai.djl.offline), which would turn downloads off.
                .optAllowDownload(true)
                .optPackageManager(false)
                .optExpectedSha256(small.checksums())
                .optTimeout(Duration.ofSeconds(5))
                .optProgress(new PrintWriter(progress, true));
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every regular file under the directory, temporary ones included. */
    private static List<Path> files(Path directory) {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> names(Path directory) {
        return files(directory).stream().map(p -> p.getFileName().toString()).toList();
    }
}
