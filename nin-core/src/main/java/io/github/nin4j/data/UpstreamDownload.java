package io.github.nin4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Fetches the missing Fashion-MNIST files over HTTP from a base URL ({@code <base>/<name>.gz}, the
 * layout of the upstream site and its mirrors) into the cache, with a progress line, each file
 * checked by {@link CacheInstaller} before it appears.
 */
final class UpstreamDownload {

    private final String baseUrl;
    private final Duration timeout;
    private final PrintWriter progress;

    /**
     * A download from one base URL.
     *
     * @param baseUrl the directory URL that holds the four {@code .gz} files
     * @param timeout how long to wait to connect, and for each read
     * @param progress where the progress lines go
     */
    UpstreamDownload(String baseUrl, Duration timeout, PrintWriter progress) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        this.timeout = timeout;
        this.progress = progress;
    }

    /**
     * The base URL, ending in a slash.
     *
     * @return the base URL
     */
    String baseUrl() {
        return baseUrl;
    }

    /**
     * Fetches every file the cache lacks.
     *
     * @param installer the cache to fill
     * @throws IOException at the first file that cannot be fetched or fails its check
     */
    void fetchMissing(CacheInstaller installer) throws IOException {
        for (FashionMnistFile file : FashionMnistFile.values()) {
            if (!installer.has(file)) {
                String url = baseUrl + file.baseName() + FashionMnistFile.GZIP_SUFFIX;
                installer.install(file, temporary -> fetch(url, temporary));
            }
        }
    }

    private void fetch(String url, Path temporary) throws IOException {
        URLConnection connection;
        try {
            connection = new URI(url).toURL().openConnection();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("invalid URL " + url, e);
        }
        connection.setConnectTimeout((int) timeout.toMillis());
        connection.setReadTimeout((int) timeout.toMillis());
        try {
            if (connection instanceof HttpURLConnection http
                    && http.getResponseCode() != HttpURLConnection.HTTP_OK) {
                throw new IOException(
                        url
                                + " answered HTTP "
                                + http.getResponseCode()
                                + " "
                                + http.getResponseMessage());
            }
            long length = connection.getContentLengthLong();
            long received;
            try (InputStream in = connection.getInputStream();
                    OutputStream out = Files.newOutputStream(temporary)) {
                try {
                    received = copy(in, out, url.substring(url.lastIndexOf('/') + 1), length);
                } finally {
                    progress.println();
                    progress.flush();
                }
            }
            // A connection closed early can look like a normal end of stream: count the bytes.
            if (length >= 0 && received != length) {
                throw new IOException(
                        String.format(
                                Locale.ROOT,
                                "transfer of %s was interrupted after %,d of %,d bytes",
                                url,
                                received,
                                length));
            }
        } catch (UnknownHostException e) {
            throw new IOException("cannot resolve host " + e.getMessage(), e);
        } finally {
            if (connection instanceof HttpURLConnection http) {
                http.disconnect();
            }
        }
    }

    /**
     * Copies the stream, rewriting one progress line (carriage return, no colour codes: it often
     * ends up in a log file) at most once per MiB. The library carries no progress-bar dependency.
     */
    private long copy(InputStream in, OutputStream out, String name, long length)
            throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        long shown = -1;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            total += n;
            if (total >> 20 != shown) {
                shown = total >> 20;
                progress.print(
                        length > 0
                                ? String.format(
                                        Locale.ROOT,
                                        "\r%s: %.1f of %.1f MB (%d%%)",
                                        name,
                                        total / 1048576.0,
                                        length / 1048576.0,
                                        100 * total / length)
                                : String.format(
                                        Locale.ROOT, "\r%s: %.1f MB", name, total / 1048576.0));
                progress.flush();
            }
        }
        return total;
    }
}
