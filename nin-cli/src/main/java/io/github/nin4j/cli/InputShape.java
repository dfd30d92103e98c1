package io.github.nin4j.cli;

import io.github.nin4j.base.InvalidInputException;

/** An image shape given as {@code CxHxW} on the command line: channels, height and width. */
record InputShape(int channels, int height, int width) {

    /** Parses {@code CxHxW}, for example {@code 1x224x224}. */
    static InputShape parse(String text) {
        String[] parts = text.toLowerCase(java.util.Locale.ROOT).split("x", -1);
        try {
            if (parts.length == 3) {
                InputShape shape =
                        new InputShape(
                                Integer.parseInt(parts[0].trim()),
                                Integer.parseInt(parts[1].trim()),
                                Integer.parseInt(parts[2].trim()));
                if (shape.channels > 0 && shape.height > 0 && shape.width > 0) {
                    return shape;
                }
            }
        } catch (NumberFormatException e) {
            // reported below with the expected form
        }
        throw new InvalidInputException(
                "--input '" + text + "' must be CxHxW with positive whole numbers, e.g. 1x224x224");
    }
}
