package io.github.nin4j.data;

import io.github.nin4j.base.InvalidInputException;

/**
 * The ten Fashion-MNIST classes in label order, named as d2l's {@code get_fashion_mnist_labels}
 * names them.
 */
public enum FashionMnistClass {
    /** Label 0. */
    T_SHIRT("t-shirt"),
    /** Label 1. */
    TROUSER("trouser"),
    /** Label 2. */
    PULLOVER("pullover"),
    /** Label 3. */
    DRESS("dress"),
    /** Label 4. */
    COAT("coat"),
    /** Label 5. */
    SANDAL("sandal"),
    /** Label 6. */
    SHIRT("shirt"),
    /** Label 7. */
    SNEAKER("sneaker"),
    /** Label 8. */
    BAG("bag"),
    /** Label 9. */
    ANKLE_BOOT("ankle boot");

    private static final FashionMnistClass[] BY_INDEX = values();

    private final String label;

    FashionMnistClass(String label) {
        this.label = label;
    }

    /**
     * The class's name as d2l prints it, for example {@code "ankle boot"}.
     *
     * @return the name
     */
    public String label() {
        return label;
    }

    /**
     * The class with this label.
     *
     * @param index a label, 0 to 9
     * @return the class
     * @throws InvalidInputException if the label is outside 0 to 9
     */
    public static FashionMnistClass of(int index) {
        if (index < 0 || index >= BY_INDEX.length) {
            throw new InvalidInputException(
                    "Fashion-MNIST label " + index + " is outside 0-" + (BY_INDEX.length - 1));
        }
        return BY_INDEX[index];
    }

    /**
     * The number of classes, 10.
     *
     * @return 10
     */
    public static int count() {
        return BY_INDEX.length;
    }
}
