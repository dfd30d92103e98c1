package io.github.nin4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** The part of a compiled example between {@code // [readme]} and {@code // [/readme]}. */
final class ReadmeSnippet {

    private ReadmeSnippet() {}

    /**
     * The snippet as the README shows it: blank lines dropped, the method body's indent removed.
     *
     * @param source the example's source file, relative to nin-core
     * @return the snippet
     * @throws IOException if the file cannot be read
     */
    static String of(String source) throws IOException {
        String text = Files.readString(Path.of(source));
        String example =
                text.substring(
                        text.indexOf("// [readme]") + "// [readme]".length(),
                        text.indexOf("// [/readme]"));
        return example.lines()
                .filter(l -> !l.isBlank())
                .map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
                .collect(Collectors.joining("\n"));
    }

    /**
     * The repository's README.
     *
     * @return its text
     * @throws IOException if it cannot be read
     */
    static String readme() throws IOException {
        return Files.readString(Path.of("../README.md"));
    }
}
