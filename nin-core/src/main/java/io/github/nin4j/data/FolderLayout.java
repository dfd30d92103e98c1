package io.github.nin4j.data;

import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
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

    /** One image file, its path from the root ('/'-separated) and its label. */
    record Example(Path file, String relative, int label) {}

    /**
     * Finds the classes and their images, and chooses the held-out ones ({@code testFraction} of
     * each class, chosen by {@code seed}, when there is no {@code test/}).
     *
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
                boolean[] held = heldOut(images, testFraction, seed);
                for (int i = 0; i < images.size(); i++) {
                    (held[i] ? test : train).add(images.get(i));
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
                    ("%s has a test/ folder but no train/ folder; put the training images in %s,"
                                    + " in the same class sub-folders as test/")
                            .formatted(root, trainRoot));
        }
        List<String> classes = checkClasses(trainRoot, classFolders(trainRoot));
        List<String> testClasses = classFolders(testRoot);
        if (!testClasses.equals(classes)) {
            throw new InvalidInputException(
                    ("%s and %s must have the same class sub-folders, but %s; give both the same"
                                    + " classes")
                            .formatted(testRoot, trainRoot, difference(classes, testClasses)));
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
                    ("%s has no class sub-folders; put each class's images in a sub-folder named"
                                    + " after the class, such as %s")
                            .formatted(folder, folder.resolve("cat")));
        }
        if (names.size() == 1) {
            throw new InvalidInputException(
                    ("%s has only one class sub-folder, %s; a classifier needs at least two, one"
                                    + " sub-folder per class")
                            .formatted(folder, names.get(0)));
        }
        return names;
    }

    /**
     * A class's image files, at any depth, in path order: at least one. One walk, which skips
     * hidden folders and builds each file's relative path from its folder's, so that a large folder
     * makes little garbage.
     */
    private static List<Example> images(Path root, Path classes, String name, int label) {
        Path folder = classes.resolve(name);
        List<Example> examples = new ArrayList<>();
        Deque<String> prefixes = new ArrayDeque<>();
        try {
            // Links are followed, so that a data set can be assembled from links to other folders.
            Files.walkFileTree(
                    folder,
                    EnumSet.of(FileVisitOption.FOLLOW_LINKS),
                    Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(
                                Path directory, BasicFileAttributes attributes) {
                            if (prefixes.isEmpty()) {
                                prefixes.push(relative(root, directory) + "/");
                                return FileVisitResult.CONTINUE;
                            }
                            String part = directory.getFileName().toString();
                            if (part.startsWith(".")) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            prefixes.push(prefixes.peek() + part + "/");
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(
                                Path file, BasicFileAttributes attributes) {
                            String part = file.getFileName().toString();
                            if (attributes.isRegularFile() && isImage(part)) {
                                examples.add(new Example(file, prefixes.peek() + part, label));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult postVisitDirectory(Path directory, IOException e)
                                throws IOException {
                            if (e != null) {
                                throw e;
                            }
                            prefixes.pop();
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidInputException("cannot list " + folder + ": " + Reasons.of(e), e);
        }
        if (examples.isEmpty()) {
            throw new InvalidInputException(
                    folder
                            + " has no images (.png, .jpg or .jpeg files); add some or remove the"
                            + " folder");
        }
        examples.sort(Comparator.comparing(Example::relative));
        return examples;
    }

    /** Whether a file's name is an image's: not hidden, with an image ending in any case. */
    private static boolean isImage(String name) {
        if (name.startsWith(".")) {
            return false;
        }
        int dot = name.lastIndexOf('.');
        String ending = dot < 0 ? "" : name.substring(dot + 1);
        return ending.equalsIgnoreCase("png")
                || ending.equalsIgnoreCase("jpg")
                || ending.equalsIgnoreCase("jpeg");
    }

    private static String relative(Path root, Path file) {
        List<String> parts = new ArrayList<>();
        root.relativize(file).forEach(part -> parts.add(part.toString()));
        return String.join("/", parts);
    }

    /**
     * Which images of one class are held out for testing: {@code round(n × fraction)} of its {@code
     * n}, at least one and at most {@code n - 1}, those ranked first by a number drawn from the
     * seed and the image's path (each image's drawn once).
     */
    private static boolean[] heldOut(List<Example> images, double fraction, long seed) {
        int n = images.size();
        int count = n < 2 ? 0 : (int) Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
        long[] ranks = new long[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            ranks[i] =
                    new SplittableRandom(images.get(i).relative().hashCode() + seed * SEED_STRIDE)
                            .nextLong();
            order[i] = i;
        }
        Arrays.sort(
                order,
                Comparator.<Integer>comparingLong(i -> ranks[i])
                        .thenComparing(i -> images.get(i).relative()));
        boolean[] held = new boolean[n];
        for (int k = 0; k < count; k++) {
            held[order[k]] = true;
        }
        return held;
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
