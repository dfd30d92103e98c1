package io.github.nin4j.data;

import io.github.nin4j.base.InvalidInputException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fashion-MNIST in memory: the training and test splits as bytes, and where they came from. Its
 * images are grey (one channel), 28×28, in the ten classes of {@link FashionMnistClass}.
 *
 * @param train the training split, 60,000 images for the real data set
 * @param test the test split, 10,000 images for the real data set
 * @param source where the files were, with the SHA-256 of each file's content
 */
public record FashionMnist(ImageSet train, ImageSet test, DataSource source)
        implements ImageDataset {

    private static final List<String> CLASS_NAMES =
            Arrays.stream(FashionMnistClass.values()).map(FashionMnistClass::label).toList();

    /**
     * Reads and checks the four files (see {@link IdxFile} for the checks); either everything loads
     * or nothing does.
     *
     * @param source where the files are
     * @return both splits, and the source with its content checksums filled in
     * @throws InvalidInputException naming the file and the problem, when a file is missing or
     *     malformed or an image file and its label file disagree on the count
     */
    public static FashionMnist load(DataSource source) {
        Map<FashionMnistFile, IdxFile> files = new EnumMap<>(FashionMnistFile.class);
        Map<String, String> checksums = new HashMap<>();
        for (FashionMnistFile file : FashionMnistFile.values()) {
            IdxFile idx =
                    IdxFile.read(
                            file.find(source.directory()).orElseThrow(() -> missing(source, file)),
                            file);
            files.put(file, idx);
            checksums.put(file.baseName(), idx.sha256());
        }
        return new FashionMnist(
                split(
                        files.get(FashionMnistFile.TRAIN_IMAGES),
                        files.get(FashionMnistFile.TRAIN_LABELS)),
                split(
                        files.get(FashionMnistFile.TEST_IMAGES),
                        files.get(FashionMnistFile.TEST_LABELS)),
                source.withContentSha256(checksums));
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code "Fashion-MNIST, "} and how the files were found
     */
    @Override
    public String description() {
        return "Fashion-MNIST, " + source.origin();
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int height() {
        return IdxFile.SIDE;
    }

    @Override
    public int width() {
        return IdxFile.SIDE;
    }

    /**
     * {@inheritDoc}
     *
     * @return the ten {@link FashionMnistClass#label()}s in label order, {@code "t-shirt"} to
     *     {@code "ankle boot"}
     */
    @Override
    public List<String> classNames() {
        return CLASS_NAMES;
    }

    /**
     * {@inheritDoc} Here {@code content_sha256} maps each file's base name (such as {@code
     * train-images-idx3-ubyte}) to the SHA-256 of its decompressed content, as {@link
     * DataSource#contentSha256()} does.
     */
    @Override
    public Map<String, Object> provenance() {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("origin", source.origin());
        provenance.put("directory", source.directory().toString());
        provenance.put("train_examples", train.size());
        provenance.put("test_examples", test.size());
        provenance.put("content_sha256", source.contentSha256());
        return Collections.unmodifiableMap(provenance);
    }

    private static ImageSet split(IdxFile images, IdxFile labels) {
        if (images.count() != labels.count()) {
            throw new InvalidInputException(
                    String.format(
                            Locale.ROOT,
                            "%s holds %,d images but %s holds %,d labels; the two files must come"
                                    + " from the same release of the data set",
                            images.path(),
                            images.count(),
                            labels.path(),
                            labels.count()));
        }
        return ImageSet.wrap(images.data(), labels.data(), IdxFile.SIDE, IdxFile.SIDE);
    }

    private static InvalidInputException missing(DataSource source, FashionMnistFile file) {
        return new InvalidInputException(
                "%s has no %s (or %2$s%s); put the four Fashion-MNIST files there"
                        .formatted(
                                source.directory(), file.baseName(), FashionMnistFile.GZIP_SUFFIX));
    }
}
