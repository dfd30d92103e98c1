package io.github.nin4j.data;

import static java.awt.image.BufferedImage.TYPE_INT_RGB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.nin4j.base.InvalidInputException;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir Path root;

    /** A grey PNG of one value everywhere; the value tells the images apart. */
    private static Path grey(Path file, int value, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, value);
            }
        }
        return write(file, image);
    }

    private static Path colour(Path file, Color colour, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, colour.getRGB());
            }
        }
        return write(file, image);
    }

    private static Path write(Path file, BufferedImage image) throws IOException {
        Files.createDirectories(file.getParent());
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean png = name.endsWith(".png");
        BufferedImage written = image;
        if (!png && image.getColorModel().hasAlpha()) {
            // JPEG has no alpha.
            written = new BufferedImage(image.getWidth(), image.getHeight(), TYPE_INT_RGB);
            written.getGraphics().drawImage(image, 0, 0, null);
        }
        if (!ImageIO.write(written, png ? "png" : "jpeg", file.toFile())) {
            throw new IOException("no writer for " + file);
        }
        return file;
    }

    /** A class folder of {@code count} grey 4×4 PNGs valued {@code first}, {@code first + 1}, …. */
    private static void greyClass(Path folder, int first, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            grey(folder.resolve(String.format("%02d.png", i)), first + i, 4, 4);
        }
    }

    /** The value of each image's top-left pixel: its identity in these tests. */
    private static List<Integer> ids(ImageSet set) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            ids.add(set.image(i)[0] & 0xFF);
        }
        return ids;
    }

    /** One held-out image per class, so that tests can use every training image. */
    private void testImages(String... classes) throws IOException {
        for (String name : classes) {
            grey(root.resolve("test").resolve(name).resolve("held-out.png"), 0, 4, 4);
        }
    }

    private ImageFolder.Builder folder() {
        return ImageFolder.builder().setRoot(root).optSide(4);
    }

    @Test
    void classesAreTheSortedSubFoldersAndOtherFilesAreIgnored() throws IOException {
        greyClass(root.resolve("zebra"), 100, 10);
        greyClass(root.resolve("ant"), 10, 4);
        grey(root.resolve("ant/more/deeper.PNG"), 20, 4, 4);
        grey(root.resolve("mole/only.png"), 50, 4, 4);
        grey(root.resolve("ant/.hidden.png"), 250, 4, 4);
        grey(root.resolve("ant/.thumbnails/t.png"), 251, 4, 4);
        grey(root.resolve(".trash/x.png"), 252, 4, 4);
        grey(root.resolve("loose.png"), 253, 4, 4);
        Files.writeString(root.resolve("ant/notes.txt"), "not an image");

        ImageFolder data = folder().build();

        assertThat(data.classNames()).containsExactly("ant", "mole", "zebra");
        assertThat(data.channels()).isEqualTo(1);
        assertThat(data.height()).isEqualTo(4);
        assertThat(data.width()).isEqualTo(4);
        // 0.2 of 5 is 1, of 10 is 2; a class of one image is all training.
        assertThat(data.train().classCounts()).containsExactly(4, 1, 8);
        assertThat(data.test().classCounts()).containsExactly(1, 0, 2);
        Set<Integer> all = new HashSet<>(ids(data.train()));
        all.addAll(ids(data.test()));
        assertThat(all).doesNotContain(250, 251, 252, 253).hasSize(16).contains(20);
        for (int i = 0; i < data.train().size(); i++) {
            int id = data.train().image(i)[0] & 0xFF;
            assertThat(data.train().label(i)).isEqualTo(id >= 100 ? 2 : id == 50 ? 1 : 0);
        }
        assertThat(data.provenance())
                .containsEntry("origin", "image folder")
                .containsEntry("directory", root.toAbsolutePath().normalize().toString())
                .containsEntry("train_examples", 13)
                .containsEntry("test_examples", 3)
                .containsEntry("classes", List.of("ant", "mole", "zebra"))
                .containsEntry("channels", 1)
                .containsEntry("side", 4)
                .containsEntry("held_out", "fraction")
                .containsEntry("test_fraction", 0.2)
                .containsEntry("seed", 0L);
        assertThat(data.description())
                .isEqualTo(
                        "image folder "
                                + root
                                + ": 3 classes, grayscale 4x4 (every file is grey), 0.2 of each class held out"
                                + " (seed 0)");
    }

    @Test
    void theFractionSplitIsDisjointAndFixedBySeed() throws IOException {
        greyClass(root.resolve("a"), 0, 20);
        greyClass(root.resolve("b"), 100, 20);

        ImageFolder first = folder().optTestFraction(0.25).optSeed(7).build();
        ImageFolder again = folder().optTestFraction(0.25).optSeed(7).build();
        ImageFolder other = folder().optTestFraction(0.25).optSeed(8).build();

        List<Integer> train = ids(first.train());
        List<Integer> test = ids(first.test());
        assertThat(test).hasSize(10).doesNotContainAnyElementsOf(train);
        assertThat(first.test().classCounts()).containsExactly(5, 5);
        Set<Integer> all = new HashSet<>(train);
        all.addAll(test);
        assertThat(all).hasSize(40);
        assertThat(ids(again.test())).isEqualTo(test);
        assertThat(ids(again.train())).isEqualTo(train);
        assertThat(ids(other.test())).isNotEqualTo(test);
        // Each split keeps class order, and path order within a class.
        assertThat(train).isSorted();
        assertThat(test).isSorted();
    }

    /**
     * The held-out files are exactly those the class comment's rule picks, so that a run's
     * evaluation finds the test split it was trained beside: each file ranked by {@code new
     * SplittableRandom(path.hashCode() + seed × 0x9E3779B97F4A7C15).nextLong()}, ties by path, the
     * first round(n × fraction) of a class held out.
     */
    @Test
    void theHeldOutFilesAreThoseTheRuleRanksFirst() throws IOException {
        greyClass(root.resolve("a"), 0, 20);
        greyClass(root.resolve("b").resolve("deeper"), 100, 12);
        long seed = 7;
        List<Integer> expected = new ArrayList<>();
        for (String prefix : List.of("a/", "b/deeper/")) {
            int first = prefix.equals("a/") ? 0 : 100;
            int n = prefix.equals("a/") ? 20 : 12;
            List<Integer> ranked = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ranked.add(i);
            }
            ranked.sort(
                    Comparator.comparingLong(
                                    (Integer i) ->
                                            new SplittableRandom(
                                                            name(prefix, i).hashCode()
                                                                    + seed * 0x9E3779B97F4A7C15L)
                                                    .nextLong())
                            .thenComparing(i -> name(prefix, i)));
            ranked.subList(0, (int) Math.round(n * 0.25)).stream()
                    .sorted()
                    .forEach(i -> expected.add(first + i));
        }
        ImageFolder data = folder().optTestFraction(0.25).optSeed(seed).build();
        assertThat(ids(data.test())).isEqualTo(expected);
    }

    private static String name(String prefix, int i) {
        return prefix + String.format(Locale.ROOT, "%02d.png", i);
    }

    /** Links are followed, to files and to folders; a loop of links is one line. */
    @Test
    void linksAreFollowedAndALoopIsOneLine() throws IOException {
        greyClass(root.resolve("a"), 0, 3);
        greyClass(root.resolve("b"), 100, 3);
        Path elsewhere = root.resolve(".elsewhere");
        grey(elsewhere.resolve("linked.png"), 50, 4, 4);
        grey(elsewhere.resolve("inner").resolve("deep.png"), 60, 4, 4);
        Files.createSymbolicLink(root.resolve("a/file.png"), elsewhere.resolve("linked.png"));
        Files.createSymbolicLink(root.resolve("b/folder"), elsewhere.resolve("inner"));
        Files.createSymbolicLink(root.resolve("b/missing.png"), elsewhere.resolve("gone.png"));

        ImageFolder data = folder().build();
        Set<Integer> all = new HashSet<>(ids(data.train()));
        all.addAll(ids(data.test()));
        assertThat(all).containsExactlyInAnyOrder(0, 1, 2, 50, 100, 101, 102, 60);

        Files.createSymbolicLink(root.resolve("b/loop"), root.resolve("b"));
        assertThatThrownBy(() -> folder().build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("cannot list " + root.resolve("b") + ": ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aTestFolderHoldsTheHeldOutImages() throws IOException {
        greyClass(root.resolve("train/cat"), 10, 3);
        greyClass(root.resolve("train/dog"), 20, 2);
        greyClass(root.resolve("test/cat"), 30, 1);
        greyClass(root.resolve("test/dog"), 40, 2);

        ImageFolder data = folder().build();

        assertThat(data.classNames()).containsExactly("cat", "dog");
        assertThat(ids(data.train())).containsExactly(10, 11, 12, 20, 21);
        assertThat(ids(data.test())).containsExactly(30, 40, 41);
        assertThat(data.test().label(1)).isEqualTo(1);
        assertThat(data.provenance())
                .containsEntry("held_out", "test folder")
                .doesNotContainKeys("test_fraction", "seed");
        assertThat(data.description())
                .endsWith(
                        ": 2 classes, grayscale 4x4 (every file is grey), test images from test/");
    }

    @Test
    void rgbKeepsTheColoursAndGrayscaleTakesLuminance() throws IOException {
        // A red picture twice as wide as high: scaled to 4x2, centred with black rows above and
        // below. A transparent one is laid on white.
        colour(root.resolve("train/red/wide.png"), Color.RED, 8, 4);
        colour(root.resolve("train/clear/see-through.png"), new Color(0, 0, 255, 0), 4, 4);
        testImages("red", "clear");
        ImageFolder rgb = folder().optChannels(3).build();
        ImageFolder grey = folder().optChannels(1).build();
        // Colour files: RGB unless one channel is asked for.
        ImageFolder found = folder().build();
        assertThat(found.channels()).isEqualTo(3);
        assertThat(found.train().image(1)).isEqualTo(rgb.train().image(1));
        assertThat(found.description()).contains("RGB 4x4 (the files are in colour)");
        assertThat(found.provenance()).containsEntry("channels_from", "files");
        assertThat(rgb.provenance()).containsEntry("channels_from", "setting");
        assertThat(rgb.description()).contains("RGB 4x4, ");

        assertThat(rgb.channels()).isEqualTo(3);
        assertThat(rgb.train().channels()).isEqualTo(3);
        byte[] red = rgb.train().image(1);
        assertThat(red).hasSize(3 * 16);
        assertThat(rgb.train().label(1)).isEqualTo(1);
        for (int x = 0; x < 4; x++) {
            for (int c = 0; c < 3; c++) {
                assertThat(red[c * 16 + x] & 0xFF).as("top row").isZero();
                assertThat(red[c * 16 + 4 + x] & 0xFF).isEqualTo(c == 0 ? 255 : 0);
                assertThat(red[c * 16 + 8 + x] & 0xFF).isEqualTo(c == 0 ? 255 : 0);
                assertThat(red[c * 16 + 12 + x] & 0xFF).as("bottom row").isZero();
            }
        }
        byte[] clear = rgb.train().image(0);
        for (byte value : clear) {
            assertThat(value & 0xFF).isEqualTo(255);
        }

        byte[] luminance = grey.train().image(1);
        assertThat(luminance).hasSize(16);
        assertThat(luminance[4] & 0xFF).isEqualTo(76); // round(0.299 * 255)
        assertThat(luminance[0] & 0xFF).isZero();
        assertThat(rgb.provenance().get("content_sha256"))
                .isEqualTo(grey.provenance().get("content_sha256"));
    }

    @Test
    void greyFilesKeepTheirValuesAndShrinkByAreaAveraging() throws IOException {
        // Java's getRGB would turn a stored grey 128 into 188.
        grey(root.resolve("train/mid/128.png"), 128, 4, 4);
        BufferedImage checks = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                checks.getRaster().setSample(x, y, 0, (x + y) % 2 == 0 ? 0 : 200);
            }
        }
        write(root.resolve("train/checks/a.png"), checks);
        testImages("mid", "checks");
        ImageFolder grey = folder().optSide(2).build();
        ImageFolder rgb = folder().optSide(2).optChannels(3).build();

        assertThat(grey.train().image(0)).containsOnly((byte) 100);
        assertThat(grey.train().image(1)).containsOnly((byte) 128);
        assertThat(rgb.train().image(1)).hasSize(12).containsOnly((byte) 128);
    }

    @Test
    void jpegImagesAreRead() throws IOException {
        colour(root.resolve("train/red/a.JPG"), Color.RED, 16, 16);
        colour(root.resolve("train/blue/b.jpeg"), Color.BLUE, 16, 16);
        testImages("red", "blue");
        ImageFolder data = folder().optChannels(3).optSide(8).build();
        byte[] blue = data.train().image(0);
        byte[] red = data.train().image(1);
        assertThat(red[0] & 0xFF).isCloseTo(255, within(4));
        assertThat(red[64] & 0xFF).isCloseTo(0, within(4));
        assertThat(blue[128] & 0xFF).isCloseTo(255, within(4));
        assertThat(blue[0] & 0xFF).isCloseTo(0, within(4));
    }

    @Test
    void aFashionMnistSizedGreyImageIsStoredUnchanged() throws IOException {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        byte[] expected = new byte[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int value = SmallFashionMnist.pixel(3, y, x);
                image.getRaster().setSample(x, y, 0, value);
                expected[y * 28 + x] = (byte) value;
            }
        }
        write(root.resolve("train/a/one.png"), image);
        grey(root.resolve("train/b/two.png"), 9, 28, 28);
        testImages("a", "b");
        ImageFolder data = ImageFolder.builder().setRoot(root).build();
        assertThat(data.train().image(0)).isEqualTo(expected);
    }

    @Test
    void theChecksumListsEveryImageFileWithItsSha256() throws Exception {
        greyClass(root.resolve("train/cat"), 10, 2);
        greyClass(root.resolve("train/dog"), 20, 1);
        greyClass(root.resolve("test/cat"), 30, 1);
        greyClass(root.resolve("test/dog"), 40, 1);
        Files.writeString(root.resolve("train/cat/ignored.txt"), "x");

        StringBuilder listing = new StringBuilder();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".png")).sorted().toList()) {
                listing.append(sha256(Files.readAllBytes(file)))
                        .append("  ")
                        .append(root.relativize(file).toString().replace('\\', '/'))
                        .append('\n');
            }
        }
        Object before = folder().build().provenance().get("content_sha256");
        assertThat(before).isEqualTo(sha256(listing.toString().getBytes(StandardCharsets.UTF_8)));

        grey(root.resolve("test/dog/00.png"), 41, 4, 4);
        assertThat(folder().build().provenance().get("content_sha256")).isNotEqualTo(before);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void badFoldersAreOneLineErrorsNamingThePath() throws IOException {
        Path absent = root.resolve("absent");
        assertProblem(
                ImageFolder.builder().setRoot(absent),
                absent
                        + " does not exist; give the folder that holds one sub-folder of images"
                        + " per class");
        Path file = Files.writeString(root.resolve("file.png"), "x");
        assertProblem(
                ImageFolder.builder().setRoot(file),
                file
                        + " is not a directory; give the folder that holds one sub-folder of"
                        + " images per class");
        assertProblem(
                folder(),
                root
                        + " has no class sub-folders; put each class's images in a sub-folder"
                        + " named after the class, such as "
                        + root.resolve("cat"));
        greyClass(root.resolve("cat"), 0, 2);
        assertProblem(
                folder(),
                root
                        + " has only one class sub-folder, cat; a classifier needs at least two,"
                        + " one sub-folder per class");
        Files.createDirectories(root.resolve("dog"));
        Files.writeString(root.resolve("dog/readme.txt"), "x");
        assertProblem(
                folder(),
                root.resolve("dog")
                        + " has no images (.png, .jpg or .jpeg files); add some or remove the"
                        + " folder");
    }

    @Test
    void aClassOfOneImageEachLeavesNothingToTest() throws IOException {
        greyClass(root.resolve("cat"), 0, 1);
        greyClass(root.resolve("dog"), 0, 1);
        assertProblem(
                folder(),
                root
                        + " has a single image in each class, so none can be held out for testing;"
                        + " add images, or put the test images in a test/ folder and the training"
                        + " ones in train/");
    }

    @Test
    void undecodableImagesAreNamed() throws IOException {
        greyClass(root.resolve("cat"), 0, 2);
        greyClass(root.resolve("dog"), 0, 2);
        Path text = Files.writeString(root.resolve("dog/broken.png"), "not an image");
        assertProblem(
                folder(),
                text
                        + " is not a PNG or JPEG image Java can decode; replace it with an intact"
                        + " copy or remove it");
        Files.delete(text);
        Path whole = root.resolve("dog/00.png");
        byte[] content = Files.readAllBytes(whole);
        Files.write(whole, Arrays.copyOf(content, content.length / 2));
        assertThatThrownBy(() -> folder().build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(whole + " cannot be decoded (")
                .hasMessageEndingWith("); replace it with an intact copy or remove it");
    }

    @Test
    void testAndTrainFoldersMustAgree() throws IOException {
        greyClass(root.resolve("test/a"), 0, 1);
        greyClass(root.resolve("test/c"), 0, 1);
        assertProblem(
                folder(),
                root
                        + " has a test/ folder but no train/ folder; put the training images in "
                        + root.resolve("train")
                        + ", in the same class sub-folders as test/");
        greyClass(root.resolve("train/a"), 0, 1);
        greyClass(root.resolve("train/b"), 0, 1);
        assertProblem(
                folder(),
                root.resolve("test")
                        + " and "
                        + root.resolve("train")
                        + " must have the same class sub-folders, but b only in train/ and c"
                        + " only in test/; give both the same classes");
    }

    @Test
    void badValuesAreRejected() {
        assertProblem(folder().optChannels(2), "channels must be 1 (grayscale) or 3 (RGB), got 2");
        assertProblem(folder().optSide(0), "side must be at least 1 pixel, got 0");
        assertProblem(
                folder().optTestFraction(1), "test fraction must be above 0 and below 1, got 1.0");
        assertProblem(
                folder().optTestFraction(0), "test fraction must be above 0 and below 1, got 0.0");
        assertProblem(
                folder().optTestFraction(Double.NaN),
                "test fraction must be above 0 and below 1, got NaN");
        assertThatThrownBy(() -> ImageFolder.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setRoot is required");
    }

    private static void assertProblem(ImageFolder.Builder builder, String message) {
        assertThatThrownBy(builder::build)
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(message)
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("--");
    }
}
