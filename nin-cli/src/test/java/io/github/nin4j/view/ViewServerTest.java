package io.github.nin4j.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nin4j.base.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The view's HTTP answers: the page, the state, the pictures, and what it refuses. */
class ViewServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    private static Path run;
    private static ViewServer server;
    private static URI base;

    @BeforeAll
    static void serve() throws Exception {
        run = dir.resolve("served").resolve("run");
        RunFixtures.run(run, 3, 2, 0.5);
        Files.createDirectories(run.resolve("view"));
        Files.write(run.resolve("view/confusion.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.writeString(dir.resolve("secret.png"), "SECRET");
        Files.writeString(dir.resolve("served/secret.png"), "SECRET");
        Files.createSymbolicLink(run.resolve("link.png"), dir.resolve("secret.png"));
        Files.createSymbolicLink(run.resolve("outside"), dir);
        server = ViewServer.start(List.of(run), ViewServer.LOOPBACK, 0);
        base = server.address();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void servesThePageAndUPlotFromTheJar() throws Exception {
        assertThat(base.getHost()).isEqualTo("127.0.0.1");
        HttpResponse<String> page = RunFixtures.get(base, "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("lib/uPlot.iife.min.js")
                .doesNotContain("http://", "https://");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'");
        HttpResponse<String> uplot = RunFixtures.get(base, "/lib/uPlot.iife.min.js");
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.body()).contains("uPlot");
        assertThat(RunFixtures.get(base, "/view.js").body()).contains("api/state");
        assertThat(RunFixtures.get(base, "/view.css").statusCode()).isEqualTo(200);
        assertThat(RunFixtures.get(base, "/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void stateHoldsTheRunAndAnswers304WhenNothingChanged() throws Exception {
        HttpResponse<String> state = RunFixtures.get(base, "/api/state");
        assertThat(state.statusCode()).isEqualTo(200);
        JsonNode r = JSON.readTree(state.body()).path("sources").get(0).path("runs").get(0);
        assertThat(r.path("points").size()).isEqualTo(10);
        assertThat(r.path("epochs").size()).isEqualTo(2);
        assertThat(r.path("epochs").get(1).get(3).asDouble()).isEqualTo(0.7);
        assertThat(r.path("status").asText()).isEqualTo("running");
        assertThat(r.path("seeds").toString()).isEqualTo("[1,2]");
        assertThat(r.path("events").get(0).path("text").asText()).contains("restart");
        assertThat(r.path("config").path("epochs").asInt()).isEqualTo(3);
        assertThat(r.path("images").path("confusion").asText())
                .startsWith("files/0/view/confusion.png?v=");
        String etag = state.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again =
                RunFixtures.HTTP.send(
                        HttpRequest.newBuilder(base.resolve("/api/state"))
                                .header("If-None-Match", etag)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void servesThePicturesOfTheRun() throws Exception {
        HttpResponse<String> png = RunFixtures.get(base, "/files/0/view/confusion.png?v=1");
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/files/0/../secret.png",
                "/files/0/../../secret.png",
                "/files/0/view/../../secret.png",
                "/files/0/%2e%2e/secret.png",
                "/files/0/%2E%2E/%2e%2e/secret.png",
                "/files/0/%252e%252e/secret.png",
                "/files/0/..%2fsecret.png",
                "/files/0/..%2Fsecret.png",
                "/files/0/..%5csecret.png",
                "/files/0/..\\secret.png",
                "/files/0/%c0%ae%c0%ae/secret.png",
                "/files/0/.%2e/secret.png",
                "/files/0//secret.png",
                "/files/0/%2fsecret.png",
                "/files/0/%2F..%2Fsecret.png",
                "/files//secret.png",
                "/files/0/link.png",
                "/files/0/outside/secret.png",
                "/files/0/outside/served/secret.png",
                "/files/0/view/confusion.png%00.png",
                "/files/0/secret.png%00",
                "/files/1/secret.png",
                "/files/-1/secret.png",
                "/files/00000000001/secret.png",
                "/files/0/manifest.json",
                "/files/0/history.json",
                "/files/0/./view/confusion.png",
                "/files/0/.view/confusion.png",
                "/files/%30/../secret.png",
                "/files/0/C:/secret.png",
                "/files/0/~/secret.png",
                "/../secret.png",
                "/%2e%2e/secret.png",
                "/..%2fsecret.png",
                "//etc/passwd",
                "/files/0/file:/etc/passwd",
                "/files/0/%u002e%u002e/secret.png",
            })
    void refusesEveryPathOutsideItsDirectories(String path) throws Exception {
        String answer = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        assertThat(status(answer)).as(path).isIn(400, 403, 404);
        assertThat(answer).doesNotContain("SECRET", "root:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"})
    void answersOnlyGetAndHead(String method) throws Exception {
        String answer =
                raw(method + " /api/state HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n");
        assertThat(status(answer)).as(method).isIn(400, 405);
    }

    @Test
    void headAnswersWithoutABody() throws Exception {
        String answer = raw("HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        assertThat(status(answer)).isEqualTo(200);
        assertThat(answer).doesNotContain("<html");
    }

    @Test
    void refusesRequestsAddressedToAnotherHost() throws Exception {
        // A page elsewhere that rebinds its own name to 127.0.0.1 sends its name as the Host.
        assertThat(status(raw("GET /api/state HTTP/1.1\r\nHost: evil.example:8080\r\n")))
                .isEqualTo(403);
        assertThat(status(raw("GET /api/state HTTP/1.1\r\nHost: localhost:8080\r\n")))
                .isEqualTo(200);
    }

    @Test
    void aHalfWrittenHistoryIsAMessageNotAStackTrace() throws Exception {
        Path broken = dir.resolve("broken");
        RunFixtures.run(broken, 3, 2, 0.5);
        String whole = Files.readString(broken.resolve("history.json"));
        Files.writeString(broken.resolve("history.json"), whole.substring(0, whole.length() / 2));
        Files.createDirectories(broken.resolve("view"));
        Files.writeString(broken.resolve("view/live.json"), "{\"epoch\": 3, \"poi");
        try (ViewServer view = ViewServer.start(List.of(broken), ViewServer.LOOPBACK, 0)) {
            String body = RunFixtures.get(view.address(), "/api/state").body();
            JsonNode r = JSON.readTree(body).path("sources").get(0).path("runs").get(0);
            assertThat(r.path("problem").asText()).contains("history.json", "live.json");
            assertThat(r.path("status").asText()).isEqualTo("running");
            assertThat(body).doesNotContain("Exception", "\tat ", "at io.github");
        }
    }

    @Test
    void anEmptyDirectoryWaitsForItsRun() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        try (ViewServer view = ViewServer.start(List.of(empty), ViewServer.LOOPBACK, 0)) {
            JsonNode s = JSON.readTree(RunFixtures.get(view.address(), "/api/state").body());
            assertThat(s.path("sources").get(0).path("waiting").asText()).contains("no run");
        }
    }

    @Test
    void severalRunsOfADirectoryOfRuns() throws Exception {
        Path runs = dir.resolve("runs");
        RunFixtures.run(runs.resolve("a"), 2, 2, 0.3);
        RunFixtures.run(runs.resolve("b"), 2, 1, 0.4);
        try (ViewServer view = ViewServer.start(List.of(runs, run), ViewServer.LOOPBACK, 0)) {
            JsonNode s = JSON.readTree(RunFixtures.get(view.address(), "/api/state").body());
            assertThat(s.path("sources").get(0).path("kind").asText()).isEqualTo("runs");
            assertThat(s.path("sources").get(0).path("runs").size()).isEqualTo(2);
            assertThat(s.path("sources").get(1).path("kind").asText()).isEqualTo("run");
        }
    }

    @Test
    void refusesWhatItCannotServe() throws Exception {
        assertThatThrownBy(() -> ViewServer.start(List.of(dir.resolve("missing")), "127.0.0.1", 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a directory");
        try (ServerSocket taken =
                new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(
                            () -> ViewServer.start(List.of(run), "127.0.0.1", taken.getLocalPort()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("--port");
        }
        assertThatThrownBy(() -> ViewServer.start(List.of(run), "127.0.0.1", 70000))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void keepsAnsweringWhileClientsSendHalfARequestAndWait() throws Exception {
        assertThat(status(raw("GET /api/state HTTP/1.1\r\nHost: 127.0.0.1\r\n"))).isEqualTo(200);
        List<Socket> slow = new ArrayList<>();
        try {
            long opened = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                Socket socket = new Socket(base.getHost(), base.getPort());
                slow.add(socket);
                socket.getOutputStream().write("GET /api/st".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
            Thread.sleep(200); // the server has read their first bytes and waits for the rest

            long asked = System.nanoTime();
            String answer = raw("GET /api/state HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            long tookMillis = (System.nanoTime() - asked) / 1_000_000;
            assertThat(status(answer)).isEqualTo(200);
            assertThat(tookMillis).as("milliseconds for /api/state").isLessThan(1000);

            // Each half-sent connection is closed once its request is late: the time limit, plus
            // the server's once-a-second check, plus a margin.
            long limit = Long.getLong("sun.net.httpserver.maxReqTime", -1);
            assertThat(limit).isPositive();
            long deadline = opened + TimeUnit.SECONDS.toNanos(limit + 3);
            for (Socket socket : slow) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                socket.setSoTimeout((int) Math.max(1, left));
                assertThat(closedByServer(socket)).as("half-sent connection closed").isTrue();
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /** Whether the server closes the connection (whatever it says first) before the time-out. */
    private static boolean closedByServer(Socket socket) throws IOException {
        try {
            socket.getInputStream().readAllBytes();
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        }
    }

    /** Sends a request as written, byte for byte: no client normalises the path first. */
    private static String raw(String request) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    (request + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static int status(String answer) {
        String[] first = answer.lines().findFirst().orElse("").split(" ");
        return first.length > 1 ? Integer.parseInt(first[1]) : -1;
    }
}
