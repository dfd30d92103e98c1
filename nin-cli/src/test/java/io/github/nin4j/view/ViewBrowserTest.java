package io.github.nin4j.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.nin4j.data.FashionMnist;
import io.github.nin4j.data.LearnableImages;
import io.github.nin4j.train.EpochResult;
import io.github.nin4j.train.OnPlateau;
import io.github.nin4j.train.RunControl;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.RunListener;
import io.github.nin4j.train.TrainingConfig;
import io.github.nin4j.train.TrainingLoop;
import io.github.nin4j.train.listener.RunListeners;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in a real browser, headless Chromium, while a short training runs: after the first epoch
 * and again after the second, the page draws more points, and shows the confusion matrix. The
 * second look is kept as a screenshot, {@code target/view-browser/nin-view.png}.
 */
class ViewBrowserTest {

    private static final Pattern POINTS = Pattern.compile("<body[^>]*data-points=\"(\\d+)\"");

    @TempDir Path dir;

    @Test
    void chromiumSeesTheCurvesGrowWhileTheRunTrains() throws Exception {
        Optional<String> chromium = chromium();
        assumeTrue(
                chromium.isPresent(),
                "Chromium is not installed (Debian: apt-get install chromium); the browser test"
                        + " is skipped");
        RunDirectory run = RunDirectory.create(dir.resolve("run"));
        FashionMnist data = LearnableImages.data(512, 128);
        Path artefacts = Files.createDirectories(Path.of("target", "view-browser"));
        Path screenshot = artefacts.resolve("nin-view.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        try (ViewServer server = ViewServer.start(List.of(run.root()), ViewServer.LOOPBACK, 0)) {
            String url = server.address().toString();
            List<String> doms = new ArrayList<>();
            List<Integer> expected = new ArrayList<>();
            // The browser looks at the end of epochs 1 and 2, the run held meanwhile: the page
            // must have followed the run. The run stays on the test's thread (DJL's PyTorch keeps
            // its gradient mode per thread).
            RunListener look =
                    new RunListener() {
                        @Override
                        public void onEpoch(EpochResult result, RunControl control) {
                            int epoch = result.metrics().epoch();
                            if (epoch <= 2) {
                                // d2l's points (every batches/5 batches) and the test accuracies.
                                expected.add(
                                        result.history().points().size()
                                                + result.history().epochs().size());
                                doms.add(browse(chromium.get(), url, "--dump-dom"));
                            }
                            if (epoch == 2) {
                                browse(
                                        chromium.get(),
                                        url,
                                        "--window-size=1200,1500",
                                        "--screenshot=" + screenshot);
                            }
                        }
                    };
            TrainingLoop.builder()
                    .setConfig(
                            new TrainingConfig(
                                    RunFixtures.SMALL, 2, 0.1, 64, 28, 0, 1, OnPlateau.WARN))
                    .setData(data)
                    .setRunDirectory(run)
                    .addListeners(RunListeners.standard(run))
                    .addListeners(
                            new LiveView(
                                    run,
                                    data.test(),
                                    data.classNames(),
                                    new PrintWriter(new StringWriter())),
                            look)
                    .build()
                    .run();
            assertThat(doms).hasSize(2);
            assertThat(points(doms.get(0))).as(doms.get(0)).isEqualTo(expected.get(0)).isPositive();
            assertThat(points(doms.get(1))).as(doms.get(1)).isEqualTo(expected.get(1));
            assertThat(expected.get(1)).isGreaterThan(expected.get(0));
            assertThat(doms.get(1)).contains("confusion matrix", "test acc", "uplot");
            assertThat(screenshot).isNotEmptyFile();
        }
    }

    /** Runs headless Chromium on the page, letting it poll for a few seconds of its time. */
    private String browse(String chromium, String url, String... what) {
        try {
            return run(chromium, url, what);
        } catch (Exception e) {
            throw new IllegalStateException("cannot run " + chromium + ": " + e.getMessage(), e);
        }
    }

    private String run(String chromium, String url, String... what) throws Exception {
        List<String> command = new ArrayList<>();
        command.addAll(
                List.of(
                        chromium,
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--no-first-run",
                        "--user-data-dir=" + Files.createTempDirectory(dir, "profile"),
                        "--virtual-time-budget=2500"));
        command.addAll(List.of(what));
        command.add(url);
        Process process =
                new ProcessBuilder(command)
                        .redirectError(dir.resolve("chromium.log").toFile())
                        .start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static int points(String dom) {
        Matcher m = POINTS.matcher(dom);
        assertThat(m.find()).as(dom).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static Optional<String> chromium() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of("chromium", "chromium-browser", "google-chrome")
                .flatMap(
                        name ->
                                Stream.of(path.split(File.pathSeparator))
                                        .map(d -> Path.of(d, name)))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }
}
