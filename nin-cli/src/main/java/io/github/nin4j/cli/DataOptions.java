package io.github.nin4j.cli;

import io.github.nin4j.base.AtomicFile;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import io.github.nin4j.data.DataLocator;
import io.github.nin4j.data.DataSource;
import io.github.nin4j.data.FashionMnist;
import io.github.nin4j.data.FashionMnistFile;
import io.github.nin4j.data.ImageDataset;
import io.github.nin4j.data.ImageFolder;
import io.github.nin4j.data.UserCache;
import io.github.nin4j.train.Manifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Where the data is: Fashion-MNIST, or a folder of one's own images; shared by the commands that
 * read it.
 */
final class DataOptions {

    /** The environment variable that names a data directory. */
    static final String DATA_VARIABLE = "NIN_DATA";

    /** The environment variable that overrides the download's base URL. */
    static final String URL_VARIABLE = "NIN_DATA_URL";

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description =
                    "Directory with the four Fashion-MNIST IDX files, gzipped or not. Default:"
                            + " $NIN_DATA, the user cache, /usr/share/datasets/fashion-mnist,"
                            + " else downloaded into the cache.")
    Path dataDir;

    @Option(
            names = "--data-url",
            paramLabel = "URL",
            description =
                    "Base URL to download the .gz files from (default: $NIN_DATA_URL, else "
                            + DataLocator.UPSTREAM_URL
                            + ").")
    String dataUrl;

    @Option(
            names = "--no-download",
            description = "Never download the data; fail when no directory has it.")
    boolean noDownload;

    @Option(
            names = "--data-folder",
            paramLabel = "DIR",
            description =
                    "A folder of your own images instead of Fashion-MNIST: one sub-folder per"
                            + " class (PNG or JPEG, any size or colour), held out from a test/"
                            + " sub-folder or by --test-fraction.")
    Path dataFolder;

    @Option(
            names = "--channels",
            paramLabel = "1|3",
            description =
                    "With --data-folder: 1 (grayscale) or 3 (RGB). Default: RGB when any file is"
                            + " in colour, else grayscale.")
    Integer channels;

    @Option(
            names = "--store-side",
            paramLabel = "PX",
            description =
                    "With --data-folder: the side of the square each image is stored at, its"
                            + " longer side scaled to it. Default: the run's --resize, so the"
                            + " network sees the detail it is trained at.")
    Integer storeSide;

    @Option(
            names = "--augment",
            description =
                    "With --data-folder: crop and flip training images at random, as torchvision's"
                            + " RandomResizedCrop and RandomHorizontalFlip do (default: off, as in"
                            + " the seed's recipe).")
    boolean augment;

    @Option(
            names = "--image-cache",
            paramLabel = "DIR",
            description =
                    "With --data-folder: where the converted images are kept, decoded once and"
                            + " read from disk (default: for a run's evaluate, predict and"
                            + " --resume, the cache the run was trained with; else"
                            + " $XDG_CACHE_HOME/nin/images, else ~/.cache/nin/images).")
    Path imageCache;

    @Option(
            names = "--test-fraction",
            paramLabel = "F",
            defaultValue = "0.2",
            description =
                    "With --data-folder and no test/ sub-folder: the share of each class"
                            + " held out (default: ${DEFAULT-VALUE}).")
    double testFraction;

    /** Finds the data, downloading it into the cache when allowed and needed. */
    DataSource locate(PrintWriter progress) {
        return locate(
                dataDir, dataUrl, !noDownload, System.getenv(), DataLocator.builder(), progress);
    }

    /**
     * Finds Fashion-MNIST the command line's way: {@code --data}, else {@code NIN_DATA}, each of
     * which must hold the files, else the library's places and download, whose errors this names
     * the options of.
     */
    static DataSource locate(
            Path dataDir,
            String dataUrl,
            boolean download,
            Map<String, String> environment,
            DataLocator.Builder locator,
            PrintWriter progress) {
        if (dataDir != null) {
            return named(dataDir, "--data", "--data " + dataDir);
        }
        String variable = environment.get(DATA_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            Path directory = Path.of(variable.strip());
            return named(directory, DATA_VARIABLE, DATA_VARIABLE + "=" + directory);
        }
        String urlName = "--data-url";
        String fromEnvironment = environment.get(URL_VARIABLE);
        if (dataUrl == null && fromEnvironment != null && !fromEnvironment.isBlank()) {
            dataUrl = fromEnvironment.strip();
            urlName = URL_VARIABLE;
        }
        DataLocator built;
        try {
            built =
                    locator.optDataUrl(dataUrl)
                            .optAllowDownload(download)
                            .optProgress(progress)
                            .build();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(urlName + " " + e.getMessage(), e);
        }
        try {
            return built.locate();
        } catch (InvalidInputException e) {
            String now = dataUrl == null ? "" : " (now " + urlName + "=" + dataUrl + ")";
            throw new InvalidInputException(
                    ("%s. Fix: pass --data DIR (or set %s=DIR) naming a directory with %s, or"
                                    + " --data-url URL (or set %s=URL) naming a reachable mirror%s,"
                                    + " or as root run `apt-get install dataset-fashion-mnist`")
                            .formatted(
                                    e.getMessage(), DATA_VARIABLE, allFiles(), URL_VARIABLE, now),
                    e);
        }
    }

    private static String allFiles() {
        return FashionMnistFile.names(List.of(FashionMnistFile.values()), "[.gz]");
    }

    /** A directory the user named, which must hold the four files. */
    private static DataSource named(Path directory, String option, String origin) {
        if (!Files.isDirectory(directory)) {
            throw new InvalidInputException(
                    ("%s %s is not a directory; name a directory that holds the four Fashion-MNIST"
                                    + " files (%s), or leave %s out to use the cache")
                            .formatted(option, directory, allFiles(), option));
        }
        List<FashionMnistFile> missing = FashionMnistFile.missing(directory);
        if (!missing.isEmpty()) {
            throw new InvalidInputException(
                    ("%s %s lacks %s (gzipped or not); put the four Fashion-MNIST files there, or"
                                    + " leave %s out to use the cache")
                            .formatted(
                                    option,
                                    directory,
                                    FashionMnistFile.names(missing, ""),
                                    option));
        }
        return DataSource.of(directory, origin);
    }

    /** Loads both splits of the data asked for: the image folder given, else Fashion-MNIST. */
    ImageDataset dataset(PrintWriter progress, int side) {
        if (dataFolder == null) {
            return FashionMnist.load(locate(progress));
        }
        if (channels != null && channels != 1 && channels != 3) {
            throw new InvalidInputException("--channels must be 1 or 3, got " + channels);
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new InvalidInputException(
                    "--test-fraction must be above 0 and below 1, got " + testFraction);
        }
        int stored = Commands.atLeast("--store-side", storeSide != null ? storeSide : side, 1);
        ImageFolder.Builder folder =
                ImageFolder.builder()
                        .setRoot(dataFolder)
                        .optSide(stored)
                        .optTestFraction(testFraction)
                        .optCacheDirectory(imageCache != null ? imageCache : defaultImageCache())
                        .optAugment(augment)
                        .optProgress(new ConversionProgress(progress, dataFolder));
        if (channels != null) {
            folder.optChannels(channels);
        }
        return collected(folder.build());
    }

    /**
     * Gives back the heap that reading a folder grew. Listing and hashing tens of thousands of
     * files make garbage in a burst; the JVM enlarges its heap to collect less often, and keeps it,
     * so the training that follows would fill a larger young generation before each collection and
     * the process's resident memory would grow with the number of files. One full collection
     * between reading the data and building the network returns that heap to the system (a fraction
     * of a second, once).
     */
    private static ImageFolder collected(ImageFolder folder) {
        System.gc();
        return folder;
    }

    /**
     * Puts the data where an experiment's cells on other machines find it and returns the data
     * options the cells are run with: the Fashion-MNIST files are copied into {@code root/data}; an
     * image folder stays where it is (on the shared file system) and its cache moves into {@code
     * root/image-cache}.
     */
    List<String> stageForCells(PrintWriter progress, Path root) {
        if (dataFolder == null) {
            DataSource source = locate(progress);
            Path target = root.resolve("data");
            try {
                Files.createDirectories(target);
                for (FashionMnistFile file : FashionMnistFile.values()) {
                    Path found = file.find(source.directory()).orElseThrow();
                    Path copy = target.resolve(found.getFileName());
                    if (!Files.isRegularFile(copy) || Files.size(copy) != Files.size(found)) {
                        AtomicFile.write(copy, out -> Files.copy(found, out));
                    }
                }
            } catch (IOException e) {
                throw new InvalidInputException(
                        "cannot copy the data into " + target + ": " + Reasons.of(e), e);
            }
            return List.of("--data", target.toString(), "--no-download");
        }
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--data-folder",
                                dataFolder.toAbsolutePath().normalize().toString(),
                                "--test-fraction",
                                Double.toString(testFraction),
                                "--image-cache",
                                root.resolve("image-cache").toString()));
        if (channels != null) {
            args.addAll(List.of("--channels", channels.toString()));
        }
        if (storeSide != null) {
            args.addAll(List.of("--store-side", storeSide.toString()));
        }
        if (augment) {
            args.add("--augment");
        }
        return args;
    }

    /** Data options parsed from words, as an experiment's plan records them. */
    static DataOptions parse(List<String> arguments) {
        DataOptions options = new DataOptions();
        new CommandLine(options).parseArgs(arguments.toArray(String[]::new));
        return options;
    }

    /** The image cache when --image-cache is not given: the user's cache directory's. */
    static Path defaultImageCache() {
        return UserCache.root(System.getenv()).resolve("images");
    }

    /**
     * Loads the data a run was trained on: the image folder it recorded, with its channels, side,
     * split and image cache (--image-cache, else the one the run was trained with while its
     * directory is there), unless another folder is given; else Fashion-MNIST.
     */
    ImageDataset datasetOf(PrintWriter progress, Manifest manifest) {
        return ImageFolder.Recorded.of(manifest.data())
                .filter(recorded -> dataFolder == null)
                .<ImageDataset>map(
                        recorded ->
                                collected(
                                        recorded.read(
                                                imageCache(recorded),
                                                new ConversionProgress(progress, recorded.root()))))
                .orElseGet(() -> dataset(progress, manifest.config().resize()));
    }

    private Path imageCache(ImageFolder.Recorded recorded) {
        if (imageCache != null) {
            return imageCache;
        }
        Path trained = recorded.cacheDirectory();
        return trained != null && Files.isDirectory(trained) ? trained : defaultImageCache();
    }
}
