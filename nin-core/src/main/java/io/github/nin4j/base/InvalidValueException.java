package io.github.nin4j.base;

/**
 * A setting's value is out of range. The library names the setting in words ("learning rate"); a
 * front end that exposes it under another name (the command line's {@code --lr}) can say the same
 * with its own name, through {@link #setting()} and {@link #problem()}.
 */
public class InvalidValueException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String problem;

    /**
     * Creates the exception; its message is the setting followed by the problem.
     *
     * @param setting the setting in words, e.g. {@code learning rate}
     * @param problem what is wrong and how to fix it, e.g. {@code must be a positive number, got
     *     0.0; the seed uses 0.1}
     */
    public InvalidValueException(String setting, String problem) {
        super(setting + " " + problem);
        this.setting = setting;
        this.problem = problem;
    }

    /**
     * The setting, in words.
     *
     * @return for example {@code learning rate}
     */
    public String setting() {
        return setting;
    }

    /**
     * What is wrong and how to fix it, without the setting's name.
     *
     * @return for example {@code must be a positive number, got 0.0; the seed uses 0.1}
     */
    public String problem() {
        return problem;
    }
}
