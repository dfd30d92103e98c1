package io.github.nin4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nin4j.data.LearnableImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nin view} and {@code nin train --view} on the command line. */
class ViewCommandTest {

    @TempDir Path dir;

    @Test
    void refusesAMissingDirectoryInOneLine() {
        CommandRunner.Result result = CommandRunner.run("view", dir.resolve("missing").toString());
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err().strip()).contains("not a directory").doesNotContain("\n\tat ");
    }

    @Test
    void trainWithViewPrintsTheAddressWritesThePicturesAndTrainsTheSame() throws Exception {
        Path data = LearnableImages.writeTo(dir.resolve("data"), 128, 64);
        String[] common = {
            "--data",
            data.toString(),
            "--epochs",
            "2",
            "--batch-size",
            "64",
            "--resize",
            "28",
            "--block",
            "16:5:1:2,10:3:1:1",
            "--on-plateau",
            "warn"
        };
        CommandRunner.Result viewed =
                CommandRunner.run(
                        concat(
                                new String[] {
                                    "train",
                                    "--view",
                                    "--view-port",
                                    "0",
                                    "--out",
                                    dir.resolve("viewed").toString()
                                },
                                common));
        assertThat(viewed.exitCode()).as(viewed.err()).isZero();
        assertThat(viewed.out()).contains("view: http://127.0.0.1:", "ssh -L");
        CommandRunner.Result plain =
                CommandRunner.run(
                        concat(
                                new String[] {"train", "--out", dir.resolve("plain").toString()},
                                common));
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        for (String file : new String[] {"live.json", "confusion.png", "predictions.png"}) {
            assertThat(dir.resolve("viewed/view").resolve(file)).isNotEmptyFile();
        }
        assertThat(dir.resolve("plain/view")).doesNotExist();
        // The page's listener reads, it does not change what is trained.
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(dir.resolve("viewed/history.json").toFile());
        JsonNode b = json.readTree(dir.resolve("plain/history.json").toFile());
        assertThat(a.path("points")).isEqualTo(b.path("points"));
        for (int e = 0; e < 2; e++) {
            for (String metric : new String[] {"trainLoss", "trainAccuracy", "testAccuracy"}) {
                assertThat(a.path("epochs").get(e).path(metric))
                        .isEqualTo(b.path("epochs").get(e).path(metric));
            }
        }
        assertThat(Files.readString(dir.resolve("viewed/view/live.json"))).contains("completed");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
