package io.github.nin4j.model;

import io.github.nin4j.base.InvalidInputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a NiN model turns its last feature maps into class scores: NiN's own way, or the
 * fully-connected layers of AlexNet and VGG that NiN argues against (d2l, section "Network in
 * Network", exercises).
 */
public enum Head {
    /**
     * The seed's: dropout, a last NiN block whose width is the number of classes, global average
     * pooling and flattening. No fully-connected layer.
     */
    GLOBAL_AVERAGE_POOL("global-pool"),
    /**
     * AlexNet's and VGG's: the last NiN block, its dropout and the global pooling give way to
     * flattening, then Linear 4096, ReLU, dropout, Linear 4096, ReLU, dropout, Linear to the
     * classes. The first Linear's input, the flattened feature maps, grows with the input image.
     */
    FULLY_CONNECTED("fully-connected");

    private final String cliName;

    Head(String cliName) {
        this.cliName = cliName;
    }

    /**
     * The name the command line uses.
     *
     * @return {@code global-pool} or {@code fully-connected}
     */
    public String cliName() {
        return cliName;
    }

    /**
     * The head of a command-line name.
     *
     * @param name {@code global-pool} or {@code fully-connected}
     * @return the head
     * @throws InvalidInputException naming the accepted values, for any other name
     */
    public static Head parse(String name) {
        for (Head head : values()) {
            if (head.cliName.equals(name)) {
                return head;
            }
        }
        String names =
                Arrays.stream(values()).map(Head::cliName).collect(Collectors.joining(" or "));
        throw new InvalidInputException("head must be %s, got '%s'".formatted(names, name));
    }
}
