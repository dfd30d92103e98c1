package io.github.nin4j.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @TempDir Path dir;

    @Test
    void commitReplacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("sub/out.txt");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "old");
        try (AtomicFile file = AtomicFile.create(target)) {
            Files.writeString(file.temporary(), "new");
            assertThat(target).hasContent("old");
            file.commit();
        }
        assertThat(target).hasContent("new");
        assertThat(list(target.getParent())).containsExactly("out.txt");
    }

    @Test
    void theFileIsReadableByOthersAsANewFileIs() throws IOException {
        // The umask of this process decides "as a new file is": compare with a plain new file.
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        Path target = dir.resolve("out.txt");
        try (AtomicFile file = AtomicFile.create(target)) {
            Files.writeString(file.temporary(), "x");
            file.commit();
        }
        assertThat(Files.getPosixFilePermissions(target))
                .isEqualTo(Files.getPosixFilePermissions(plain))
                .contains(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void closingWithoutCommitLeavesNothing() throws IOException {
        Path target = dir.resolve("new/out.txt");
        try (AtomicFile file = AtomicFile.create(target)) {
            Files.writeString(file.temporary(), "half");
        }
        assertThat(target).doesNotExist();
        assertThat(list(target.getParent())).isEmpty();
    }

    private static List<String> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
