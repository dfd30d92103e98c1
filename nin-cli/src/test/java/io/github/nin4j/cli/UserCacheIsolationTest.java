package io.github.nin4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The tests' default image cache is the build's, not the user's: the build sets {@code
 * XDG_CACHE_HOME} under {@code target/}, so a command run without --image-cache writes nothing into
 * {@code ~/.cache/nin}.
 */
class UserCacheIsolationTest {

    @Test
    void theDefaultImageCacheIsUnderTheBuildDirectory() {
        Path cache = DataOptions.defaultImageCache().toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("user.home"), ".cache").toAbsolutePath();
        assertThat(cache.startsWith(home)).as(cache.toString()).isFalse();
        assertThat(cache.startsWith(Path.of("target").toAbsolutePath()))
                .as(cache.toString())
                .isTrue();
    }
}
