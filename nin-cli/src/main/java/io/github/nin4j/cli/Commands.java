package io.github.nin4j.cli;

import io.github.nin4j.base.InvalidInputException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Small pieces the commands share: option checks and default directories. */
final class Commands {

    private Commands() {}

    /** The value of an option, refused in one line when below its minimum. */
    static int atLeast(String option, int value, int minimum) {
        if (value < minimum) {
            throw new InvalidInputException(
                    option + " must be at least " + minimum + ", got " + value);
        }
        return value;
    }

    /** A new directory's default: {@code parent/<timestamp>}, e.g. {@code runs/20250101-120000}. */
    static Path timestamped(String parent) {
        return Path.of(
                parent, LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
}
