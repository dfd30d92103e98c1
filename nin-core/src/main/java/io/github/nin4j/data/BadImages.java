package io.github.nin4j.data;

import io.github.nin4j.base.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The images of a folder that cannot be used, noted from any thread while the others are still
 * read, so that one message names every bad file: the first one's problem in full, then how many
 * more there are and the first few of their names. None is skipped (see {@link ImageFolder}).
 */
final class BadImages {

    /** How many further bad images one message names. */
    private static final int MORE_NAMED = 5;

    /** An image that cannot be used, and why. */
    private record BadImage(Path file, InvalidInputException problem) {}

    private final List<BadImage> bad = new ArrayList<>();

    /** Notes an image that cannot be used, and why in one line that names it. */
    synchronized void add(Path file, InvalidInputException problem) {
        bad.add(new BadImage(file, problem));
    }

    /** Throws one line for all the images noted, if any, the first by path first. */
    synchronized void throwIfAny() {
        if (bad.isEmpty()) {
            return;
        }
        List<BadImage> sorted = new ArrayList<>(bad);
        sorted.sort(Comparator.comparing(b -> b.file().toString()));
        InvalidInputException first = sorted.get(0).problem();
        if (sorted.size() == 1) {
            throw first;
        }
        List<String> others =
                sorted.subList(1, sorted.size()).stream()
                        .limit(MORE_NAMED)
                        .map(b -> b.file().toString())
                        .toList();
        String more =
                String.format(
                        Locale.ROOT,
                        "; %,d more image%s cannot be used either: %s%s",
                        sorted.size() - 1,
                        sorted.size() == 2 ? "" : "s",
                        String.join(", ", others),
                        sorted.size() - 1 > MORE_NAMED ? ", ..." : "");
        throw new InvalidInputException(first.getMessage() + more, first);
    }
}
