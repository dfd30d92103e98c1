package io.github.nin4j.base;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.EOFException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A failure's reason in words, for one-line messages: Java's exception class names mean nothing to
 * a user (the stack trace with {@code --verbose} keeps them), and some exceptions, such as {@code
 * java.nio.file}'s, carry only a path as their message and say what went wrong in their class name
 * alone.
 */
public final class Reasons {

    /**
     * A fully qualified exception or error class name, as {@code Throwable.toString()} and some
     * libraries' messages put it, with the colon and space that follow it.
     */
    private static final Pattern CLASS_NAME =
            Pattern.compile(
                    "\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\.[A-Z]\\w*(Exception|Error)\\b:?\\s*");

    /** The package part of a qualified name: what precedes its capitalised simple name. */
    private static final Pattern PACKAGE = Pattern.compile("[\\w$]+(\\.[\\w$]+)*\\.(?=[A-Z])");

    private Reasons() {}

    /**
     * What went wrong, in words: for a file-system failure what happened to which file (e.g. {@code
     * "/x/a: a symbolic-link loop"}), otherwise the exception's message without class names, and
     * for a message-less exception a phrase for its kind.
     *
     * @param e any failure
     * @return a short phrase, never empty, without Java class names
     */
    public static String of(Throwable e) {
        if (e instanceof FileSystemException fs) {
            String file = fs.getFile();
            String what = fileSystemReason(fs);
            String other = fs.getOtherFile() != null ? " (and " + fs.getOtherFile() + ")" : "";
            return file == null ? what : file + other + ": " + what;
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory";
        }
        if (e instanceof StackOverflowError) {
            return "nesting too deep (stack overflow)";
        }
        // A wrapper made from its cause alone (UncheckedIOException(cause), and the like) carries
        // the cause's toString as its message; the cause says it better.
        Throwable cause = e.getCause();
        if (cause != null && cause != e && String.valueOf(cause).equals(e.getMessage())) {
            return of(cause);
        }
        String message = e.getMessage() == null ? "" : withoutClassNames(e.getMessage()).strip();
        if (!message.isEmpty()) {
            return message;
        }
        if (e.getCause() != null && e.getCause() != e) {
            return of(e.getCause());
        }
        return phrase(e.getClass().getSimpleName());
    }

    /**
     * Why a file could not be read, in words: Jackson's messages name Java types ({@code
     * java.lang.String}, a record's class) and its token class, and DJL's name enum classes, none
     * of which a user can act on; a mapping error says where in the file instead.
     *
     * @param e a reader's failure (Jackson's, DJL's or an I/O error)
     * @return a phrase without class names, e.g. {@code the value at parameters is missing, of the
     *     wrong type or out of range}
     */
    public static String ofReading(Throwable e) {
        if (e instanceof JsonParseException p) {
            return "not valid JSON at line %s: %s"
                    .formatted(p.getLocation().getLineNr(), simpleNames(p.getOriginalMessage()));
        }
        if (e instanceof JsonMappingException m) {
            String at =
                    m.getPath().stream()
                            .map(
                                    r ->
                                            r.getFieldName() != null
                                                    ? r.getFieldName()
                                                    : "[" + r.getIndex() + "]")
                            .collect(Collectors.joining("."));
            return at.isEmpty()
                    ? "its content is not what it should hold"
                    : "the value at " + at + " is missing, of the wrong type or out of range";
        }
        if (e instanceof EOFException) {
            return "it ends too soon";
        }
        return simpleNames(e.getMessage());
    }

    /** A message's first line with simple names only, and Jackson's tokens without their class. */
    private static String simpleNames(String message) {
        if (message == null || message.isBlank()) {
            return "unreadable";
        }
        return withoutPackages(message.lines().findFirst().orElse("unreadable"))
                .replaceAll("`?JsonToken\\.", "`");
    }

    /**
     * A message with fully qualified exception class names removed, e.g. {@code
     * "java.io.IOException: disk full"} becomes {@code "disk full"}.
     *
     * @param message any text
     * @return the text without such names
     */
    public static String withoutClassNames(String message) {
        return CLASS_NAME.matcher(message).replaceAll("");
    }

    /**
     * A message with the package part of every qualified Java name removed, e.g. {@code
     * "`java.lang.String`"} becomes {@code "`String`"}: parsers' messages (Jackson's, DJL's) name
     * types in passing, and a user needs the word, not the package.
     *
     * @param message any text
     * @return the text with simple names only
     */
    public static String withoutPackages(String message) {
        return PACKAGE.matcher(message).replaceAll("");
    }

    private static String fileSystemReason(FileSystemException e) {
        String given = e.getReason();
        String kind;
        if (e instanceof FileSystemLoopException) {
            kind = "a symbolic-link loop (a link points back to a folder that holds it)";
        } else if (e instanceof FileAlreadyExistsException) {
            kind = "already exists";
        } else if (e instanceof NoSuchFileException) {
            kind = "no such file or folder";
        } else if (e instanceof AccessDeniedException) {
            kind = "permission denied";
        } else if (e instanceof NotDirectoryException) {
            kind = "not a folder";
        } else if (e instanceof DirectoryNotEmptyException) {
            kind = "folder not empty";
        } else if (e instanceof NotLinkException) {
            kind = "not a symbolic link";
        } else {
            kind = null;
        }
        if (given != null && !given.isBlank()) {
            return kind == null ? withoutClassNames(given) : kind + " (" + given + ")";
        }
        return kind != null ? kind : "file-system error";
    }

    /** {@code "EOFException"} as {@code "unexpected end of file"}, other names split into words. */
    private static String phrase(String simpleName) {
        if (simpleName.equals("EOFException")) {
            return "unexpected end of file";
        }
        String words =
                simpleName
                        .replaceAll("(Exception|Error)$", "")
                        .replaceAll("([a-z])([A-Z])", "$1 $2")
                        .toLowerCase(java.util.Locale.ROOT)
                        .strip();
        return words.isEmpty() ? "unknown failure" : words + " failure";
    }
}
