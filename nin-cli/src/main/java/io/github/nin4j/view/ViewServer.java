package io.github.nin4j.view;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.nin4j.base.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code nin view}'s web server: the JDK's own HTTP server, read-only, serving one page, its
 * scripts, the runs' state as JSON ({@code /api/state}) and the runs' PNG pictures ({@code
 * /files/N/...}), and nothing else.
 *
 * <p>Safe by default: it binds the loopback address unless told otherwise, and then answers only
 * requests addressed to a loopback name (a web page elsewhere cannot reach it by DNS rebinding);
 * only GET and HEAD are answered (405 otherwise); a file is served only when its path, spelled with
 * nothing but letters, digits, dots, dashes and underscores, names a PNG file whose real path
 * (links followed) lies inside one of the given directories (404 otherwise, however the URL is
 * encoded).
 *
 * <p>Slow or stalled clients cannot freeze it: the JDK's server reads a request on an executor
 * thread once its first bytes arrive, so each half-sent request holds a thread until it is
 * complete. The threads are therefore many ({@value #THREADS}, made only when needed) and the
 * server closes a connection whose request is not complete within {@link #REQUEST_SECONDS} seconds,
 * or whose answer is not taken within {@link #RESPONSE_SECONDS}. The work itself stays cheap
 * however many pages are open: {@link ViewData} builds the state on one thread at a time.
 */
public final class ViewServer implements AutoCloseable {

    /** The default address: the loopback only. */
    public static final String LOOPBACK = "127.0.0.1";

    /** uPlot's files in its webjar, served from the classpath. */
    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/";

    private static final String PAGE = "io/github/nin4j/view/";

    /** The page's fixed resources: URL path, classpath resource, content type. */
    private static final Map<String, String[]> RESOURCES =
            Map.of(
                    "/",
                    new String[] {PAGE + "index.html", "text/html; charset=utf-8"},
                    "/view.js",
                    new String[] {PAGE + "view.js", "text/javascript; charset=utf-8"},
                    "/view.css",
                    new String[] {PAGE + "view.css", "text/css; charset=utf-8"},
                    "/lib/uPlot.iife.min.js",
                    new String[] {
                        UPLOT + "dist/uPlot.iife.min.js", "text/javascript; charset=utf-8"
                    },
                    "/lib/uPlot.min.css",
                    new String[] {UPLOT + "dist/uPlot.min.css", "text/css; charset=utf-8"},
                    "/lib/uPlot-LICENSE",
                    new String[] {UPLOT + "LICENSE", "text/plain; charset=utf-8"});

    private static final String FILES = "/files/";

    /** A file's path below its directory: plain names only, ending in .png. */
    private static final Pattern SAFE_PATH =
            Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*\\.png");

    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    /**
     * The most threads answering at once; requests beyond them wait for one. Each client that has
     * begun a request and stalled holds a thread until the request is complete or times out, so up
     * to this many, less one, delay no one else.
     */
    static final int THREADS = 128;

    /**
     * Connections the system holds before the server accepts them. A burst beyond it is not refused
     * but delayed by TCP's retries, a second or more each (docs/results.md).
     */
    private static final int BACKLOG = 256;

    /** Seconds a client has to send its whole request line and headers, once it has begun. */
    static final long REQUEST_SECONDS = 3;

    /** Seconds a client has to take its whole answer. */
    static final long RESPONSE_SECONDS = 10;

    static {
        // Time limits for the JDK's server, which has none unless these system properties say so:
        // without them a client that sends half a request and waits keeps its connection, and a
        // thread, forever. The server reads them once, when the first server of the JVM is made,
        // so they are set here, before ours; one given on the command line (-D...) is kept. Its
        // timer looks once a second and closes a connection whose request is older than maxReqTime
        // (also one still queued for a thread) or whose answer is older than maxRspTime. A
        // connection that has sent nothing holds no thread; JDK 17.0.15 closes it after
        // min(idleInterval, maxReqTime), looking every 10 s. idleInterval (30 s, kept-alive
        // connections between requests) and maxIdleConnections (200) keep their defaults.
        System.getProperties()
                .putIfAbsent("sun.net.httpserver.maxReqTime", Long.toString(REQUEST_SECONDS));
        System.getProperties()
                .putIfAbsent("sun.net.httpserver.maxRspTime", Long.toString(RESPONSE_SECONDS));
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final List<Path> roots;
    private final ViewData data;
    private final boolean loopback;

    private ViewServer(
            HttpServer server, ExecutorService threads, List<Path> roots, boolean loopback) {
        this.server = server;
        this.threads = threads;
        this.roots = roots;
        this.data = new ViewData(roots);
        this.loopback = loopback;
    }

    /**
     * Starts serving some directories.
     *
     * @param directories run directories, experiment directories or directories of runs; each must
     *     exist (a run's may still be empty)
     * @param host the address to bind, e.g. {@link #LOOPBACK}
     * @param port the port; 0 for any free one
     * @return the running server
     * @throws InvalidInputException if a directory is missing, the host unknown or the port taken
     */
    public static ViewServer start(List<Path> directories, String host, int port) {
        if (directories.isEmpty()) {
            throw new InvalidInputException("give at least one run or experiment directory");
        }
        if (port < 0 || port > 65535) {
            throw new InvalidInputException("--port must be between 0 and 65535, got " + port);
        }
        List<Path> roots = new ArrayList<>();
        for (Path directory : directories) {
            if (!Files.isDirectory(directory)) {
                throw new InvalidInputException(
                        directory + " is not a directory; give a run or experiment directory");
            }
            try {
                roots.add(directory.toRealPath());
            } catch (IOException e) {
                throw new InvalidInputException("cannot read " + directory + ": " + e.getMessage());
            }
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new InvalidInputException("unknown host '" + host + "' for --host");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), BACKLOG);
        } catch (BindException e) {
            throw new InvalidInputException(
                    "cannot listen on %s:%d (%s); give another --port, or 0 for any free one"
                            .formatted(host, port, e.getMessage()));
        } catch (IOException e) {
            throw new InvalidInputException(
                    "cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
        // Up to THREADS threads, made as requests come and ended after 10 s idle; beyond them
        // requests queue, never refused (the server's timer closes one that waits too long).
        ThreadPoolExecutor threads =
                new ThreadPoolExecutor(
                        THREADS,
                        THREADS,
                        10,
                        TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(),
                        r -> {
                            Thread t = new Thread(r, "nin-view");
                            t.setDaemon(true);
                            return t;
                        });
        threads.allowCoreThreadTimeOut(true);
        ViewServer view = new ViewServer(server, threads, roots, address.isLoopbackAddress());
        server.createContext("/", view::handle);
        server.setExecutor(threads);
        server.start();
        return view;
    }

    /**
     * The page's address.
     *
     * @return e.g. {@code http://127.0.0.1:8080/}
     */
    public URI address() {
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + bound.getPort() + "/");
    }

    /**
     * Whether the server answers on a loopback address only.
     *
     * @return true for 127.0.0.1 and the like
     */
    public boolean loopbackOnly() {
        return loopback;
    }

    /** Stops serving; open pages keep what they last drew. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Headers headers = exchange.getResponseHeaders();
            // Nothing here is for another site: no framing, no sniffing, scripts from here only.
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set(
                    "Content-Security-Policy",
                    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self';"
                            + " frame-ancestors 'none'");
            String method = exchange.getRequestMethod();
            boolean head = "HEAD".equals(method);
            if (!head && !"GET".equals(method)) {
                headers.set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain", "read-only: GET and HEAD only\n", head);
                return;
            }
            if (loopback && !loopbackHost(exchange.getRequestHeaders().getFirst("Host"))) {
                send(exchange, 403, "text/plain", "not addressed to this machine\n", head);
                return;
            }
            String raw = Objects.requireNonNullElse(exchange.getRequestURI().getRawPath(), "");
            if (raw.equals("/api/state")) {
                state(exchange, head);
            } else if (raw.startsWith(FILES)) {
                file(exchange, raw.substring(FILES.length()), head);
            } else if (RESOURCES.containsKey(raw)) {
                resource(exchange, RESOURCES.get(raw), head);
            } else {
                send(exchange, 404, "text/plain", "not found\n", head);
            }
        } catch (IOException e) {
            // The page went away mid-answer: nothing to tell anyone.
        } catch (RuntimeException e) {
            // Never a stack trace to the page: one line, and the server goes on.
            try {
                send(exchange, 500, "text/plain", "cannot answer: " + e + "\n", false);
            } catch (IOException | RuntimeException ignored) {
                // Already answering; the connection is closed below.
            }
        }
    }

    private static boolean loopbackHost(String host) {
        if (host == null) {
            return true; // HTTP/1.0 sends none; the connection came to the loopback anyway.
        }
        String name = host.toLowerCase(Locale.ROOT);
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf(']')) {
            name = name.substring(0, colon);
        }
        return LOOPBACK_NAMES.contains(name);
    }

    private void state(HttpExchange exchange, boolean head) throws IOException {
        ViewData.Document document = data.document();
        String etag = "\"" + document.tag() + "\"";
        Headers headers = exchange.getResponseHeaders();
        headers.set("Cache-Control", "no-cache");
        headers.set("ETag", etag);
        if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        send(exchange, 200, "application/json", document.json(), head);
    }

    private void resource(HttpExchange exchange, String[] resource, boolean head)
            throws IOException {
        byte[] bytes;
        try (InputStream in = ViewServer.class.getClassLoader().getResourceAsStream(resource[0])) {
            if (in == null) {
                send(exchange, 404, "text/plain", "not found\n", head);
                return;
            }
            bytes = in.readAllBytes();
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        send(exchange, 200, resource[1], bytes, head);
    }

    /** A PNG file inside a given directory, or 404 whatever else the path says. */
    private void file(HttpExchange exchange, String rawRest, boolean head) throws IOException {
        Path file = resolve(rawRest);
        if (file == null) {
            send(exchange, 404, "text/plain", "not found\n", head);
            return;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            send(exchange, 404, "text/plain", "not found\n", head);
            return;
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        send(exchange, 200, "image/png", bytes, head);
    }

    /**
     * The file a raw (still percent-encoded) path below {@code /files/} names, or null when it is
     * not a PNG file inside a given directory. Percent signs, backslashes and control characters
     * are refused before anything is decoded, so neither {@code %2e%2e}, nor double encoding, nor
     * NUL reaches the file system; the plain names left cannot climb out, and the real path (links
     * followed) must still lie inside the directory.
     */
    Path resolve(String rawRest) {
        if (rawRest.isEmpty() || rawRest.chars().anyMatch(c -> c == '%' || c == '\\' || c < 0x20)) {
            return null;
        }
        int slash = rawRest.indexOf('/');
        if (slash < 1 || slash > 3) {
            return null;
        }
        int index;
        try {
            index = Integer.parseInt(rawRest.substring(0, slash));
        } catch (NumberFormatException e) {
            return null;
        }
        String relative = rawRest.substring(slash + 1);
        if (index < 0 || index >= roots.size() || !SAFE_PATH.matcher(relative).matches()) {
            return null;
        }
        Path root = roots.get(index);
        try {
            Path real = root.resolve(relative).toRealPath();
            return real.startsWith(root) && Files.isRegularFile(real) ? real : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void send(
            HttpExchange exchange, int status, String type, String body, boolean head)
            throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8), head);
    }

    private static void send(
            HttpExchange exchange, int status, String type, byte[] body, boolean head)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
