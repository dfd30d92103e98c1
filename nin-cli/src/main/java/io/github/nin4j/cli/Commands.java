package io.github.nin4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.nin4j.base.AtomicFile;
import io.github.nin4j.base.InvalidInputException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Small pieces the commands share: option checks, {@code --json} files, default directories. */
final class Commands {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Commands() {}

    /** The value of an option, refused in one line when below its minimum. */
    static int atLeast(String option, int value, int minimum) {
        if (value < minimum) {
            throw new InvalidInputException(
                    option + " must be at least " + minimum + ", got " + value);
        }
        return value;
    }

    /** Writes a value as indented JSON, atomically. */
    static void writeJson(Path file, Object value) {
        AtomicFile.write(file, out -> JSON.writeValue(out, value));
    }

    /** A new directory's default: {@code parent/<timestamp>}, e.g. {@code runs/20250101-120000}. */
    static Path timestamped(String parent) {
        return Path.of(
                parent, LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
}
