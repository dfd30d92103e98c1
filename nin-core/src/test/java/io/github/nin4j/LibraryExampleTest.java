package io.github.nin4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nin4j.data.FashionMnistFile;
import io.github.nin4j.data.SmallFashionMnist;
import io.github.nin4j.train.TrainingResult;
import io.github.nin4j.train.TrainingStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryExampleTest {

    @TempDir Path dir;

    @Test
    void theReadmesExampleTrainsAndWritesARunDirectory() throws IOException {
        SmallFashionMnist small = new SmallFashionMnist(256, 128);
        Path data = Files.createDirectories(dir.resolve("data"));
        for (FashionMnistFile file : FashionMnistFile.values()) {
            Files.write(data.resolve(file.baseName()), small.content(file));
        }
        Path run = dir.resolve("run");

        TrainingResult result = LibraryExample.trainAndLoad(data, run, 256);

        assertThat(result.status()).isEqualTo(TrainingStatus.COMPLETED);
        assertThat(result.history().epochs()).hasSize(1);
        assertThat(run.resolve("manifest.json")).exists();
        assertThat(run.resolve("curves.png")).exists();
        assertThat(run.resolve("params/nin-0001.params")).exists();
    }

    @Test
    void theReadmeShowsTheExampleAsTested() throws IOException {
        assertThat(ReadmeSnippet.readme())
                .contains(ReadmeSnippet.of("src/test/java/io/github/nin4j/LibraryExample.java"));
    }
}
