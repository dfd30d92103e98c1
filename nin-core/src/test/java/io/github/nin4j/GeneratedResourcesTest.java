package io.github.nin4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.nin4j.precision.Bf16BlockOperation;
import io.github.nin4j.precision.Bf16Convolution;
import io.github.nin4j.precision.Bf16NetworkOperation;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The generated binaries committed with the code are the bytes their folder's {@code SHA256SUMS}
 * names: the bf16 TorchScript operations, written by {@code generators/make_bf16_ops.py}, and the
 * parity fixture, written by {@code generators/make_parity_fixture.py}. A file edited, regenerated
 * without its sum being updated, or changed by a checkout (line endings) fails here, naming the
 * file and both hashes; {@code generators/README.md} says how to regenerate and update the sums.
 * Read from the class path, as the code and the tests read them; no Python needed.
 */
class GeneratedResourcesTest {

    private static final String SUMS = "SHA256SUMS";

    /** A line as {@code sha256sum} writes it: the hash, a space, a space or '*', the name. */
    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64}) [ *](\\S.*)");

    @Test
    void theBf16OperationsAreTheBytesOfTheirSums() throws Exception {
        Map<String, String> sums =
                check("io/github/nin4j/bf16/", "nin-core/src/main/resources/io/github/nin4j/bf16/");
        assertThat(sums.keySet())
                .contains(
                        name(Bf16BlockOperation.RESOURCE),
                        name(Bf16NetworkOperation.RESOURCE),
                        name(Bf16Convolution.RESOURCE));
    }

    @Test
    void theParityFixtureIsTheBytesOfItsSums() throws Exception {
        Map<String, String> sums = check("parity/", "nin-core/src/test/resources/parity/");
        assertThat(sums.keySet())
                .contains("weights.npz", "batch.npz", "after_step.npz", "fixture.json");
    }

    /**
     * Checks every file a folder's sums name against its hash, and that the folder holds no file
     * the sums leave out; all differences are reported together.
     *
     * @return the sums, by file name
     */
    private static Map<String, String> check(String folder, String source) throws Exception {
        Map<String, String> sums = sums(folder, source);
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> sum : sums.entrySet()) {
            byte[] bytes = read(folder + sum.getKey());
            if (bytes == null) {
                wrong.add(source + sum.getKey() + ": named in " + SUMS + " but missing");
                continue;
            }
            String actual = sha256(bytes);
            if (!actual.equals(sum.getValue())) {
                wrong.add(
                        source
                                + sum.getKey()
                                + ": SHA-256 "
                                + actual
                                + ", but "
                                + SUMS
                                + " says "
                                + sum.getValue());
            }
        }
        for (String file : listed(folder)) {
            if (!file.equals(SUMS) && !sums.containsKey(file)) {
                wrong.add(source + file + ": not in " + SUMS);
            }
        }
        assertThat(wrong)
                .as(
                        "generated files that differ from %s%s (regenerate them with generators/,"
                                + " then update the sums: generators/README.md)",
                        source, SUMS)
                .isEmpty();
        return sums;
    }

    private static Map<String, String> sums(String folder, String source) throws IOException {
        byte[] bytes = read(folder + SUMS);
        assertThat(bytes).as(source + SUMS).isNotNull();
        Map<String, String> sums = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).as("%s%s line '%s'", source, SUMS, line).isTrue();
            sums.put(m.group(2), m.group(1));
        }
        assertThat(sums).as(source + SUMS).isNotEmpty();
        return sums;
    }

    /** The files of a folder on the class path, when it is a directory (not inside a jar). */
    private static List<String> listed(String folder) throws IOException, URISyntaxException {
        URL url = GeneratedResourcesTest.class.getClassLoader().getResource(folder);
        if (url == null || !"file".equals(url.getProtocol())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.filter(Files::isRegularFile)
                    .map(f -> f.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in =
                GeneratedResourcesTest.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String name(String resource) {
        return resource.substring(resource.lastIndexOf('/') + 1);
    }
}
