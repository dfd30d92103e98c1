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
    void cacheComesBeforeTheSystemDirectory() throws IOException {
        small.writeTo(cache, true);
        small.writeTo(system, true);
        DataSource source = locator().build().locate();
        assertThat(source.directory()).isEqualTo(cache);
        assertThat(source.origin()).isEqualTo("cache " + cache);
    }

    @Test
    void systemDirectoryIsTheDebianPackage() throws IOException {
        small.writeTo(system, false);
        DataSource source = locator().build().locate();
        assertThat(source.directory()).isEqualTo(system);
        assertThat(source.origin())
                .isEqualTo("Debian package dataset-fashion-mnist (" + system + ")");
    }

    @Test
    void defaultCacheFollowsXdgThenHome() {
        Map<String, String> environment = new HashMap<>();
        environment.put("HOME", "/home/u");
        assertThat(UserCache.root(environment).resolve("fashion-mnist"))
                .isEqualTo(Path.of("/home/u/.cache/nin/fashion-mnist"));
        environment.put("XDG_CACHE_HOME", "/xdg");
        assertThat(UserCache.root(environment).resolve("fashion-mnist"))
                .isEqualTo(Path.of("/xdg/nin/fashion-mnist"));
        environment.put("XDG_CACHE_HOME", "relative");
        assertThat(UserCache.root(environment)).isEqualTo(Path.of("/home/u/.cache/nin"));
    }

    @Test
    void downloadsWithDjlVerifiesAndCachesGoodFiles() throws IOException {
        DataSource source = locator().optDataUrl(url()).build().locate();

        assertThat(source.directory()).isEqualTo(cache);
        assertThat(source.origin()).isEqualTo("downloaded from " + url() + "/ into cache " + cache);
        // DJL's downloader unpacks what it fetches.
        assertThat(names(cache))
                .containsExactlyInAnyOrder(
                        "train-images-idx3-ubyte",
                        "train-labels-idx1-ubyte",
                        "t10k-images-idx3-ubyte",
                        "t10k-labels-idx1-ubyte");
        FashionMnist data = FashionMnist.load(source);
        assertThat(data.train().size()).isEqualTo(12);
        assertThat(data.source().contentSha256()).isEqualTo(small.checksums());
        assertThat(progress.toString().lines())
                .contains(
                        "Fashion-MNIST: downloading "
                                + url()
                                + "/train-images-idx3-ubyte.gz into "
                                + cache);

        // Found in the cache the next time, without the server.
        server.stop(0);
        assertThat(locator().optDataUrl(url()).build().locate().origin())
                .isEqualTo("cache " + cache);
    }

    @Test
    void downloadsOnlyWhatThePartialCacheLacks() throws IOException {
        small.writeTo(cache, true);
        Files.delete(cache.resolve("t10k-images-idx3-ubyte.gz"));
        served.keySet().removeIf(name -> !name.startsWith("t10k-images"));
        DataSource source = locator().optDataUrl(url() + "/").build().locate();
        assertThat(source.origin()).startsWith("downloaded from " + url() + "/ into");
        assertThat(FashionMnist.load(source).test().size()).isEqualTo(5);
    }

    @Test
    void wrongChecksumIsRejectedAndLeavesNothingInTheCache() {
        byte[] other = small.content(FashionMnistFile.TRAIN_IMAGES);
        other[100] ^= 1;
        served.put("train-images-idx3-ubyte.gz", SmallFashionMnist.gzip(other));

        assertThatThrownBy(() -> locator().optDataUrl(url()).build().locate())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(
                        "download from "
                                + url()
                                + "/ (train-images-idx3-ubyte: content SHA-256 is "
                                + SmallFashionMnist.sha256(other)
                                + ", expected "
                                + small.checksums().get("train-images-idx3-ubyte")
                                + " (not Fashion-MNIST's file; nothing was kept))");
        assertThat(files(cache)).isEmpty();
    }

    @Test
    void interruptedTransferLeavesNothing() {
        cutAfter.put("train-images-idx3-ubyte.gz", 200);

        assertThatThrownBy(() -> locator().optDataUrl(url()).build().locate())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("no Fashion-MNIST data found; tried: ")
                .hasMessageContaining("; download from " + url() + "/ (");
        assertThat(files(cache)).isEmpty();
    }

    @Test
    void nothingFoundIsOneLineThatListsWhatWasTriedAndNamesNoOption() {
        served.clear();
        assertThatThrownBy(() -> locator().optDataUrl(url()).build().locate())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "no Fashion-MNIST data found; tried: cache "
                                + cache
                                + " (absent); "
                                + system
                                + " (absent); download from "
                                + url()
                                + "/ (not found: "
                                + url()
                                + "/train-images-idx3-ubyte.gz)");
    }

    @Test
    void aDirectoryWithSomeFilesIsNamedWithWhatItLacks() throws IOException {
        small.writeTo(system, true);
        Files.delete(system.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThatThrownBy(() -> locator().optAllowDownload(false).build().locate())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "no Fashion-MNIST data found; tried: cache "
                                + cache
                                + " (absent); "
                                + system
                                + " (lacks t10k-labels-idx1-ubyte); no download (downloads are"
                                + " turned off)");
    }

    @Test
    void downloadsCanBeTurnedOff() {
        assertThatThrownBy(
                        () -> locator().optDataUrl(url()).optAllowDownload(false).build().locate())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith("(absent); no download (downloads are turned off)");
        assertThat(cache).doesNotExist();
        assertThat(progress.toString()).isEmpty();
    }

    @Test
    void djlsOfflineModeTurnsDownloadsOffUnlessTheCallerAllowsThem() {
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        assertThatThrownBy(
                        () ->
                                DataLocator.builder()
                                        .optCacheDir(cache)
                                        .optSystemDir(system)
                                        .optDataUrl(url())
                                        .optProgress(new PrintWriter(progress, true))
                                        .build()
                                        .locate())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith(
                        "no download (DJL is offline: ai.djl.offline or DJL_OFFLINE)");
        assertThat(cache).doesNotExist();
    }

    @Test
    void aUrlThatIsNotHttpHttpsOrFileIsRefusedBeforeAnythingElse() {
        assertThatThrownBy(() -> locator().optDataUrl("ftp:/x").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("'ftp:/x' is not an http, https or file URL");
        assertThatThrownBy(() -> locator().optDataUrl("not a url").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("'not a url' is not");
    }

    /** A locator on the test's directories, expecting the small files, downloads allowed. */
    private DataLocator.Builder locator() {
        return DataLocator.builder()
                .optCacheDir(cache)
                .optSystemDir(system)
                // The build runs DJL offline (ai.djl.offline), which would turn downloads off.
                .optAllowDownload(true)
                .optExpectedSha256(small.checksums())
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
