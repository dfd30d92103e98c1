package io.github.nin4j.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The fuzzing of the parsers (docs/notes/fuzzing.md): what every parser must do with any input, and
 * inputs made by mutating valid files.
 *
 * <p>The property: a parser returns a result, or throws {@link InvalidInputException} with one line
 * of words (no exception class name); never another exception, never {@link OutOfMemoryError}, and
 * never runs past {@link #TIMEOUT_SECONDS}.
 */
public final class Fuzz {

    /** Longer than any input here takes to parse on a busy machine. */
    public static final int TIMEOUT_SECONDS = 20;

    /** A Java class name in a message: an exception's simple name, or a qualified name. */
    private static final Pattern CLASS_NAME =
            Pattern.compile(
                    "\\b[A-Z][A-Za-z0-9]*(Exception|Error)\\b"
                            + "|\\b(java|javax|jdk|sun|com|ai|io\\.github)\\.[a-z0-9]+\\.[A-Za-z]");

    private static final ExecutorService WORKER =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "fuzz");
                        t.setDaemon(true);
                        return t;
                    });

    private Fuzz() {}

    /**
     * Runs a parse and checks the property.
     *
     * @param parse the parse, returning its result
     * @param <T> the result's type
     * @return the result, or null when the input was refused
     */
    public static <T> T parsesOrRefuses(Callable<T> parse) {
        Future<T> future = WORKER.submit(parse);
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return fail("the parse ran past " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidInputException refused) {
                isOneLineOfWords(refused.getMessage());
                return null;
            }
            return fail("the parse threw " + cause, cause);
        }
    }

    /**
     * Checks a refusal's message: one line, words, no exception class name.
     *
     * @param message the message
     */
    public static void isOneLineOfWords(String message) {
        assertThat(message).isNotBlank().doesNotContain("\n").doesNotContain("\r");
        assertThat(CLASS_NAME.matcher(message).find())
                .as("a Java class name in: %s", message)
                .isFalse();
    }

    /** How a valid file is damaged. */
    public enum Kind {
        /** Cut short at the position. */
        TRUNCATE,
        /** One byte's bits flipped by the value. */
        FLIP,
        /** A big-endian 32-bit value written at the position. */
        SET_INT,
        /** A little-endian 32-bit value written at the position (zip and npy headers). */
        SET_INT_LE,
        /** The value's low byte inserted at the position, the value's count times (at most 64). */
        INSERT,
        /** Bytes removed at the position, the value's count (at most 64). */
        DELETE
    }

    /**
     * One damage to a file.
     *
     * @param kind what is done
     * @param at where, taken modulo the file's length
     * @param value what is written, flipped or counted
     */
    public record Mutation(Kind kind, int at, int value) {

        /**
         * Damages a file.
         *
         * @param bytes the file
         * @return a damaged copy
         */
        public byte[] apply(byte[] bytes) {
            if (bytes.length == 0) {
                return bytes;
            }
            int i = Math.floorMod(at, bytes.length);
            byte[] out = bytes.clone();
            switch (kind) {
                case TRUNCATE -> {
                    return java.util.Arrays.copyOf(bytes, i);
                }
                case FLIP -> out[i] ^= (byte) (value == 0 ? 1 : value);
                case SET_INT, SET_INT_LE -> {
                    ByteBuffer b = ByteBuffer.wrap(out);
                    if (kind == Kind.SET_INT_LE) {
                        b.order(java.nio.ByteOrder.LITTLE_ENDIAN);
                    }
                    if (i + 4 <= out.length) {
                        b.putInt(i, value);
                    }
                }
                case INSERT -> {
                    int n = 1 + Math.floorMod(value, 64);
                    byte[] grown = new byte[bytes.length + n];
                    System.arraycopy(bytes, 0, grown, 0, i);
                    java.util.Arrays.fill(grown, i, i + n, (byte) value);
                    System.arraycopy(bytes, i, grown, i + n, bytes.length - i);
                    return grown;
                }
                case DELETE -> {
                    int n = Math.min(1 + Math.floorMod(value, 64), bytes.length - i);
                    byte[] shrunk = new byte[bytes.length - n];
                    System.arraycopy(bytes, 0, shrunk, 0, i);
                    System.arraycopy(bytes, i + n, shrunk, i, bytes.length - i - n);
                    return shrunk;
                }
                default -> throw new AssertionError(kind);
            }
            return out;
        }
    }

    /**
     * Values that break parsers: zero, one, negative, the largest, and sizes just past what fits.
     *
     * @return 32-bit values, edge cases often
     */
    public static Arbitrary<Integer> nastyInts() {
        List<Tuple.Tuple2<Integer, Arbitrary<Integer>>> choices =
                List.of(
                        Tuple.of(3, Arbitraries.of(0, 1, -1, 2, 255, 256, 65535, 65536, 1 << 24)),
                        Tuple.of(
                                3,
                                Arbitraries.of(
                                        Integer.MAX_VALUE,
                                        Integer.MIN_VALUE,
                                        Integer.MAX_VALUE - 8,
                                        1 << 30,
                                        0x7FFF_FFF0,
                                        40_000)),
                        Tuple.of(4, Arbitraries.integers()));
        return Arbitraries.frequencyOf(choices);
    }

    /**
     * Damages to a file: one to four, anywhere, or at its header's fields.
     *
     * @param headerOffsets positions of header fields, hit more often than the rest
     * @return lists of mutations
     */
    public static Arbitrary<List<Mutation>> mutations(int... headerOffsets) {
        Arbitrary<Integer> anywhere = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Integer> at =
                headerOffsets.length == 0
                        ? anywhere
                        : Arbitraries.frequencyOf(
                                List.of(
                                        Tuple.of(
                                                1,
                                                Arbitraries.of(
                                                        java.util.Arrays.stream(headerOffsets)
                                                                .boxed()
                                                                .toList())),
                                        Tuple.of(1, anywhere)));
        Arbitrary<Mutation> one =
                Combinators.combine(Arbitraries.of(Kind.class), at, nastyInts()).as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    /**
     * A valid file damaged.
     *
     * @param valid the file
     * @param damage the damages, applied in order
     * @return the damaged copy
     */
    public static byte[] damaged(byte[] valid, List<Mutation> damage) {
        byte[] bytes = valid;
        for (Mutation m : damage) {
            bytes = m.apply(bytes);
        }
        return bytes;
    }

    /**
     * The positions at which an ASCII text occurs in a file, e.g. a header's field.
     *
     * @param bytes the file
     * @param text the text
     * @return the offsets where it starts
     */
    public static int[] offsetsOf(byte[] bytes, String text) {
        byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
        return java.util.stream.IntStream.range(0, bytes.length - needle.length + 1)
                .filter(
                        i ->
                                java.util.Arrays.equals(
                                        bytes, i, i + needle.length, needle, 0, needle.length))
                .toArray();
    }

    /**
     * A fresh temporary directory for one property's inputs; remove it with {@link #delete}.
     *
     * @param name a prefix
     * @return the directory
     */
    public static Path temporaryDirectory(String name) {
        try {
            return Files.createTempDirectory("nin-fuzz-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Removes a directory and everything in it.
     *
     * @param dir the directory
     */
    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a file.
     *
     * @param file where
     * @param bytes what
     * @return the file
     */
    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
