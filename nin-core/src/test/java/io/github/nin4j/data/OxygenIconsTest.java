package io.github.nin4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real published set of images: Debian's {@code oxygen-icon-theme}, its 128 × 128 PNG icons
 * (RGBA) sorted by their context folders, seven classes. Symbolic links, which alias icons of the
 * same context, are left out, so no icon is both trained and tested on. {@code .ci/run} installs
 * the package; the test skips where it is missing.
 */
class OxygenIconsTest {

    static final Path ICONS = Path.of("/usr/share/icons/oxygen/base/128x128");
    static final List<String> CONTEXTS =
            List.of("actions", "apps", "categories", "devices", "mimetypes", "places", "status");

    @TempDir Path dir;

    /** The icons' regular files, copied into one folder per context. */
    static Path copyIcons(Path root) throws IOException {
        for (String context : CONTEXTS) {
            Path target = Files.createDirectories(root.resolve(context));
            try (Stream<Path> files = Files.list(ICONS.resolve(context))) {
                for (Path file : files.toList()) {
                    if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            && file.toString().endsWith(".png")) {
                        Files.copy(file, target.resolve(file.getFileName()));
                    }
                }
            }
        }
        return root;
    }

    @Test
    void theOxygenIconsAreReadInColourOnWhiteThroughTheCache() throws IOException {
        Assumptions.assumeTrue(
                Files.isDirectory(ICONS),
                "oxygen-icon-theme is not installed; .ci/run installs it");
        Path root = copyIcons(dir.resolve("icons"));
        ImageFolder icons =
                ImageFolder.builder()
                        .setRoot(root)
                        .optSide(64)
                        .optCacheDirectory(dir.resolve("cache"))
                        .build();
        assertThat(icons.classNames()).containsExactlyElementsOf(CONTEXTS);
        assertThat(icons.channels()).isEqualTo(3);
        assertThat(icons.description()).contains("RGB 64x64 (the files are in colour)");
        int total = icons.train().size() + icons.test().size();
        assertThat(total).isGreaterThan(500);
        // Every context has training and test icons, a fifth of it held out.
        int[] train = icons.train().classCounts();
        int[] test = icons.test().classCounts();
        for (int c = 0; c < CONTEXTS.size(); c++) {
            assertThat(test[c]).as(CONTEXTS.get(c)).isPositive();
            assertThat(test[c])
                    .isCloseTo((train[c] + test[c]) / 5, org.assertj.core.data.Offset.offset(1));
        }
        // Icons are drawn on transparency, which is laid on white: the corners are white.
        int white = 0;
        for (int i = 0; i < icons.train().size(); i++) {
            byte[] image = icons.train().image(i);
            white += (image[0] & 0xFF) == 255 && (image[64 * 64] & 0xFF) == 255 ? 1 : 0;
        }
        assertThat(white).isGreaterThan(icons.train().size() / 2);
        // The normalisation is the training split's own.
        @SuppressWarnings("unchecked")
        java.util.Map<String, List<Double>> normalisation =
                (java.util.Map<String, List<Double>>)
                        icons.provenance().get(Preprocessing.NORMALISATION);
        assertThat(normalisation.get("mean"))
                .hasSize(3)
                .allSatisfy(m -> assertThat(m).isBetween(0.5, 1.0));
    }
}
