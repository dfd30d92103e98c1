package io.github.nin4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.data.DataLocator;
import io.github.nin4j.data.DataSource;
import io.github.nin4j.data.SmallFashionMnist;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the command line finds Fashion-MNIST, and how it names its options in the errors. */
class DataOptionsTest {

    @TempDir Path dir;

    private final SmallFashionMnist small = new SmallFashionMnist(6, 3);
    private final StringWriter progress = new StringWriter();

    private DataSource locate(Path dataDir, String dataUrl, Map<String, String> environment) {
        DataLocator.Builder locator =
                DataLocator.builder()
                        .optCacheDir(dir.resolve("cache"))
                        .optSystemDir(dir.resolve("system"));
        return DataOptions.locate(
                dataDir, dataUrl, false, environment, locator, new PrintWriter(progress));
    }

    @Test
    void dataComesBeforeNinDataWhichComesBeforeTheCache() throws IOException {
        Path data = small.writeTo(dir.resolve("data"), false);
        Path variable = small.writeTo(dir.resolve("variable"), true);
        small.writeTo(dir.resolve("cache"), true);

        DataSource named = locate(data, null, Map.of("NIN_DATA", variable.toString()));
        assertThat(named.directory()).isEqualTo(data);
        assertThat(named.origin()).isEqualTo("--data " + data);

        DataSource fromVariable = locate(null, null, Map.of("NIN_DATA", variable.toString()));
        assertThat(fromVariable.directory()).isEqualTo(variable);
        assertThat(fromVariable.origin()).isEqualTo("NIN_DATA=" + variable);

        assertThat(locate(null, null, Map.of()).origin())
                .isEqualTo("cache " + dir.resolve("cache"));
    }

    @Test
    void aNamedDirectoryWithoutTheFilesIsAnErrorNotAFallThrough() throws IOException {
        small.writeTo(dir.resolve("cache"), true);
        Path data = small.writeTo(dir.resolve("data"), true);
        Files.delete(data.resolve("train-labels-idx1-ubyte.gz"));
        assertThatThrownBy(() -> locate(data, null, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "--data "
                                + data
                                + " lacks train-labels-idx1-ubyte (gzipped or not); put the four"
                                + " Fashion-MNIST files there, or leave --data out to use the"
                                + " cache");
        Path absent = dir.resolve("absent");
        assertThatThrownBy(() -> locate(null, null, Map.of("NIN_DATA", absent.toString())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("NIN_DATA " + absent + " is not a directory");
    }

    @Test
    void nothingFoundIsOneLineWithTheLibrarysReasonAndTheOptionsThatFixIt() {
        assertThatThrownBy(() -> locate(null, "http://127.0.0.1:9/", Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "no Fashion-MNIST data found; tried: cache "
                                + dir.resolve("cache")
                                + " (absent); "
                                + dir.resolve("system")
                                + " (absent); no download (downloads are turned off). Fix: pass"
                                + " --data DIR (or set NIN_DATA=DIR) naming a directory with"
                                + " train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],"
                                + " t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz], or"
                                + " --data-url URL (or set NIN_DATA_URL=URL) naming a reachable"
                                + " mirror (now --data-url=http://127.0.0.1:9/), or as root run"
                                + " `apt-get install dataset-fashion-mnist`");
        assertThat(progress.toString()).isEmpty();
    }

    @Test
    void aBadUrlIsNamedByWhereItCameFrom() {
        assertThatThrownBy(() -> locate(null, "ftp:/x", Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--data-url 'ftp:/x' is not an http, https or file URL");
        assertThatThrownBy(() -> locate(null, null, Map.of("NIN_DATA_URL", "nonsense")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("NIN_DATA_URL 'nonsense' is not");
    }

    @Test
    void aBadUrlOnTheCommandLineIsOneLineAndExitTwo() {
        CommandRunner.Result r = CommandRunner.run("data", "--data-url", "ftp:/x");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines().toList())
                .containsExactly(
                        "nin: --data-url 'ftp:/x' is not an http, https or file URL; give the URL"
                                + " of the directory that holds train-images-idx3-ubyte.gz and the"
                                + " other three files, e.g. "
                                + DataLocator.UPSTREAM_URL);
    }

    @Test
    void theOptionsStagedForAnExperimentsCellsParseBackToTheSameData() {
        Path folder = dir.resolve("photos");
        DataOptions given =
                DataOptions.parse(
                        List.of(
                                "--data-folder",
                                folder.toString(),
                                "--channels",
                                "3",
                                "--augment"));
        List<String> staged = given.stageForCells(new PrintWriter(progress), dir);
        DataOptions cell = DataOptions.parse(staged);
        assertThat(cell.dataFolder).isEqualTo(folder.toAbsolutePath().normalize());
        assertThat(cell.channels).isEqualTo(3);
        assertThat(cell.augment).isTrue();
        assertThat(cell.testFraction).isEqualTo(0.2);
        assertThat(cell.imageCache).isEqualTo(dir.resolve("image-cache"));
        assertThat(cell.stageForCells(new PrintWriter(progress), dir)).isEqualTo(staged);

        DataOptions fashion = DataOptions.parse(List.of("--data", "d", "--no-download"));
        assertThat(fashion.dataDir).isEqualTo(Path.of("d"));
        assertThat(fashion.noDownload).isTrue();
    }
}
