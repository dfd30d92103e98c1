package io.github.nin4j.data;

import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Which files of an {@link ImageFolder} are images of which class, and which are held out: the
 * layout rules of {@link ImageFolder}'s class comment, checked before any image is read.
 *
 * @param classNames the class names, sorted; label {@code i} is the {@code i}-th
 * @param testFolder whether the held-out images come from a {@code test/} folder rather than a
 *     fraction of each class
 * @param train the training images, in class order and each class's in path order
 * @param test the held-out images, in the same order
 */
record FolderLayout(
        List<String> classNames, boolean testFolder, List<Example> train, List<Example> test) {

    /** Spreads the seeds of the held-out ranks far apart (the golden ratio). */
    private static final long SEED_STRIDE = 0x9E3779B97F4A7C15L;

    /**
     * One image file and its label.
     *
     * @param file the file
     * @param relative its path from the root, '/'-separated
     * @param label its class's index
     */
    record Example(Path file, String relative, int label) {}

    /**
     * Finds the classes and their images, and chooses the held-out ones.
     *
     * @param root the folder with one sub-folder per class, or {@code train/} and {@code test/}
     * @param testFraction the fraction of each class held out when there is no {@code test/}
     * @param seed the seed of that choice
     * @return the layout
     * @throws InvalidInputException naming the folder and the problem
     */
    static FolderLayout of(Path root, double testFraction, long seed) {
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException(
                    root
                            + (Files.exists(root) ? " is not a directory" : " does not exist")
                            + "; give the folder that holds one sub-folder of images per class");
        }
        Path testRoot = root.resolve("test");
        if (!Files.isDirectory(testRoot)) {
            List<String> classes = checkClasses(root, classFolders(root));
            List<Example> train = new ArrayList<>();
            List<Example> test = new ArrayList<>();
            for (int label = 0; label < classes.size(); label++) {
                List<Example> images = images(root, root, classes.get(label), label);
                Set<Example> held = heldOut(images, testFraction, seed);
                for (Example image : images) {
                    (held.contains(image) ? test : train).add(image);
                }
            }
            if (test.isEmpty()) {
                throw new InvalidInputException(
                        root
                                + " has a single image in each class, so none can be held out for"
                                + " testing; add images, or put the test images in a test/ folder"
                                + " and the training ones in train/");
            }
            return new FolderLayout(classes, false, train, test);
        }
        Path trainRoot = root.resolve("train");
        if (!Files.isDirectory(trainRoot)) {
            throw new InvalidInputException(
                    root
                            + " has a test/ folder but no train/ folder; put the training images"
                            + " in "
                            + trainRoot
                            + ", in the same class sub-folders as test/");
        }
        List<String> classes = checkClasses(trainRoot, classFolders(trainRoot));
        List<String> testClasses = classFolders(testRoot);
        if (!testClasses.equals(classes)) {
            throw new InvalidInputException(
                    testRoot
                            + " and "
                            + trainRoot
                            + " must have the same class sub-folders, but "
                            + difference(classes, testClasses)
                            + "; give both the same classes");
        }
        List<Example> train = new ArrayList<>();
        List<Example> test = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            train.addAll(images(root, trainRoot, classes.get(label), label));
            test.addAll(images(root, testRoot, classes.get(label), label));
        }
        return new FolderLayout(classes, true, train, test);
    }

    /** The sorted names of a folder's sub-folders that are not hidden. */
    private static List<String> classFolders(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidInputException("cannot list " + folder + ": " + Reasons.of(e), e);
        }
    }

    private static List<String> checkClasses(Path folder, List<String> names) {
        if (names.isEmpty()) {
            throw new InvalidInputException(
                    folder
                            + " has no class sub-folders; put each class's images in a sub-folder"
                            + " named after the class, such as "
                            + folder.resolve("cat"));
        }
        if (names.size() == 1) {
            throw new InvalidInputException(
                    folder
                            + " has only one class sub-folder, "
                            + names.get(0)
                            + "; a classifier needs at least two, one sub-folder per class");
        }
        return names;
    }

    /** A class's image files, at any depth, in path order: at least one. */
    private static List<Example> images(Path root, Path classes, String name, int label) {
        Path folder = classes.resolve(name);
        List<Example> examples;
        // Links are followed, so that a data set can be assembled from links to other folders.
        try (Stream<Path> files = Files.walk(folder, FileVisitOption.FOLLOW_LINKS)) {
            examples =
                    files.filter(file -> isImage(folder.relativize(file)))
                            .filter(Files::isRegularFile)
                            .map(file -> new Example(file, relative(root, file), label))
                            .sorted(Comparator.comparing(Example::relative))
                            .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidInputException("cannot list " + folder + ": " + Reasons.of(e), e);
        }
        if (examples.isEmpty()) {
            throw new InvalidInputException(
                    folder
                            + " has no images (.png, .jpg or .jpeg files); add some or remove the"
                            + " folder");
        }
        return examples;
    }

    /** Whether a path inside a class folder names an image: no hidden part, an image ending. */
    private static boolean isImage(Path inside) {
        for (Path part : inside) {
            if (part.toString().startsWith(".")) {
                return false;
            }
        }
        String name = inside.toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
    }

    private static String relative(Path root, Path file) {
        List<String> parts = new ArrayList<>();
        root.relativize(file).forEach(part -> parts.add(part.toString()));
        return String.join("/", parts);
    }

    /**
     * The images of one class held out for testing: {@code round(n × fraction)} of its {@code n},
     * at least one and at most {@code n - 1}, those ranked first by a number drawn from the seed
     * and the image's path.
     */
    private static Set<Example> heldOut(List<Example> images, double fraction, long seed) {
        int n = images.size();
        int count = n < 2 ? 0 : (int) Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
        Comparator<Example> rank =
                Comparator.comparingLong(
                        (Example e) ->
                                new SplittableRandom(e.relative().hashCode() + seed * SEED_STRIDE)
                                        .nextLong());
        return new HashSet<>(
                images.stream()
                        .sorted(rank.thenComparing(Example::relative))
                        .limit(count)
                        .toList());
    }

    private static String difference(List<String> train, List<String> test) {
        List<String> onlyTrain = new ArrayList<>(train);
        onlyTrain.removeAll(test);
        List<String> onlyTest = new ArrayList<>(test);
        onlyTest.removeAll(train);
        List<String> parts = new ArrayList<>();
        if (!onlyTrain.isEmpty()) {
            parts.add(String.join(", ", onlyTrain) + " only in train/");
        }
        if (!onlyTest.isEmpty()) {
            parts.add(String.join(", ", onlyTest) + " only in test/");
        }
        return String.join(" and ", parts);
    }
}
