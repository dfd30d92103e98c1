package io.github.nin4j.base;

/**
 * Something the user supplied (an option, a file, a directory) cannot be used. The message is one
 * line that says what is wrong, where, and how to fix it; the command line prints it without a
 * stack trace and exits with status 2.
 */
public class InvalidInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, where, and how to fix it
     */
    public InvalidInputException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause, which is shown only with {@code --verbose}.
     *
     * @param message what is wrong, where, and how to fix it
     * @param cause the underlying failure
     */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
