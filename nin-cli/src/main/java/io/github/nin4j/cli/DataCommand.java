package io.github.nin4j.cli;

import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import io.github.nin4j.data.DataSource;
import io.github.nin4j.data.FashionMnist;
import io.github.nin4j.data.ImageDataset;
import io.github.nin4j.data.ImageSet;
import io.github.nin4j.report.CaptionedImage;
import io.github.nin4j.report.ImageGrid;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nin data}: finds (or fetches) Fashion-MNIST, reads it strictly, prints where it came from,
 * the split sizes and the class counts, and draws the first 18 training images with their class
 * names, 2 rows of 9, as d2l's {@code show_images} does.
 */
@Command(
        name = "data",
        description = {
            "Find or fetch Fashion-MNIST (or read --data-folder), check it, print its splits and class counts, and draw the"
                    + " first 18 training images.",
            "Looks in --data DIR, then $NIN_DATA, then the cache"
                    + " ($XDG_CACHE_HOME/nin/fashion-mnist, default ~/.cache/nin/fashion-mnist), then"
                    + " /usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist); when"
                    + " none has the files, ./nin fetches that package into the cache (apt-get"
                    + " download), then nin downloads what is missing into the cache (--data-url or"
                    + " $NIN_DATA_URL, else upstream), each file checked by SHA-256."
        })
final class DataCommand extends Subcommand {

    /** How many training images the picture shows, as in d2l. */
    static final int SAMPLES = 18;

    /** Images per row in the picture, as in d2l. */
    static final int COLUMNS = 9;

    /** A folder's images are stored at the seed's input side unless --store-side says. */
    static final int STORE_SIDE = 224;

    @Mixin DataOptions dataOptions;

    @Option(
            names = "--out",
            paramLabel = "FILE.png",
            defaultValue = "runs/data/fashion-mnist-samples.png",
            description = {
                "Where to write the picture of the first 18 training images.",
                "Default: ${DEFAULT-VALUE}."
            })
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = stdout();
        long start = System.nanoTime();
        ImageDataset data = dataOptions.dataset(stderr(), STORE_SIDE);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (data instanceof FashionMnist fashion) {
            DataSource source = fashion.source();
            stdout.println("source: " + source.origin());
            stdout.println("directory: " + source.directory());
            stdout.println(
                    "content: "
                            + (source.isPublishedFashionMnist()
                                    ? "the published Fashion-MNIST (SHA-256 of all four files"
                                            + " matches)"
                                    : "NOT the published Fashion-MNIST (SHA-256 differs)"));
        } else {
            stdout.println("source: " + data.description());
            stdout.println(
                    "content: SHA-256 "
                            + data.provenance().get("content_sha256")
                            + " over every file's checksum");
        }
        stdout.printf(Locale.ROOT, "read and checked in %.2f s%n", seconds);
        printSplit(stdout, "train", data.train());
        printSplit(stdout, "test", data.test());
        printClassCounts(stdout, data.classNames(), data.train(), data.test());
        int shown = Math.min(SAMPLES, data.train().size());
        Path picture = out.toAbsolutePath();
        try {
            ImageGrid.builder()
                    .setColumns(COLUMNS)
                    .build()
                    .write(samples(data.train(), shown, data.classNames()), picture);
        } catch (IOException e) {
            throw new InvalidInputException(
                    "cannot write " + picture + ": " + Reasons.of(e) + "; choose another --out", e);
        }
        stdout.println("samples: " + picture + " (the first " + shown + " training images)");
        stdout.flush();
        return 0;
    }

    private static void printSplit(PrintWriter out, String name, ImageSet images) {
        out.printf(
                Locale.ROOT,
                "%s: %,d images of %dx%d%n",
                name,
                images.size(),
                images.height(),
                images.width());
    }

    private static void printClassCounts(
            PrintWriter out, List<String> names, ImageSet train, ImageSet test) {
        int[] trainCounts = train.classCounts();
        int[] testCounts = test.classCounts();
        out.printf(Locale.ROOT, "%-12s%10s%10s%n", "class", "train", "test");
        for (int label = 0; label < names.size(); label++) {
            out.printf(
                    Locale.ROOT,
                    "%-12s%,10d%,10d%n",
                    names.get(label),
                    trainCounts[label],
                    testCounts[label]);
        }
    }

    private static List<CaptionedImage> samples(ImageSet images, int count, List<String> names) {
        List<CaptionedImage> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            samples.add(
                    new CaptionedImage(
                            images.image(i),
                            images.channels(),
                            images.height(),
                            images.width(),
                            names.get(images.label(i))));
        }
        return samples;
    }
}
