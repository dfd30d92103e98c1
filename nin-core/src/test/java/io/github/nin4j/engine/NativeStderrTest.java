package io.github.nin4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NativeStderrTest {

    private static final Path STDERR = Path.of("/proc/self/fd/2");

    private static String target() {
        try {
            return Files.readSymbolicLink(STDERR).toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void descriptorTwoIsDevNullInsideAndRestoredAfterEvenOnFailure() {
        assumeTrue(Files.exists(STDERR), "needs Linux's /proc");
        String before = target();

        assertThat(NativeStderr.silenced(NativeStderrTest::target)).isEqualTo("/dev/null");
        assertThat(target()).isEqualTo(before);

        assertThatThrownBy(
                        () ->
                                NativeStderr.silenced(
                                        () -> {
                                            throw new IllegalStateException("engine failed");
                                        }))
                .hasMessage("engine failed");
        assertThat(target()).isEqualTo(before);
    }
}
