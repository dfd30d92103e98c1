package io.github.nin4j.data;

import java.util.List;
import java.util.Map;

/**
 * A labelled image data set in memory: a training and a test split of same-sized images, the names
 * of its classes, and where it came from. {@link FashionMnist} and {@link ImageFolder} are the two
 * kinds; training and evaluation need nothing else.
 */
public interface ImageDataset {

    /**
     * What the data set is and where it came from, for a person reading the console, for example
     * {@code "Fashion-MNIST, cache /root/.cache/nin/fashion-mnist"}.
     *
     * @return one short line
     */
    String description();

    /**
     * The number of channels of every image.
     *
     * @return 1 for grey images, 3 for red, green and blue
     */
    int channels();

    /**
     * The height of the stored images, before any resizing for training.
     *
     * @return height in pixels
     */
    int height();

    /**
     * The width of the stored images, before any resizing for training.
     *
     * @return width in pixels
     */
    int width();

    /**
     * The class names; label {@code i} is the class at index {@code i}.
     *
     * @return at least two names, unmodifiable
     */
    List<String> classNames();

    /**
     * The training split.
     *
     * @return images of {@link #channels()} × {@link #height()} × {@link #width()}, labels below
     *     {@code classNames().size()}
     */
    ImageSet train();

    /**
     * The held-out split, for evaluation.
     *
     * @return images of the same size and classes as {@link #train()}
     */
    ImageSet test();

    /**
     * Where the data came from, for a run's manifest (it serialises as JSON). Every data set gives
     * {@code origin} (how it was found, a string), {@code directory} (a string), {@code
     * train_examples} and {@code test_examples} (integers) and {@code content_sha256} (checksums of
     * the content, in the form the implementation documents); an implementation may add more.
     *
     * @return an unmodifiable map, in a fixed order
     */
    Map<String, Object> provenance();
}
