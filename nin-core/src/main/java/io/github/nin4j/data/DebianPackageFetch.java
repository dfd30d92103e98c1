package io.github.nin4j.data;

import io.github.nin4j.base.Reasons;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fetches Fashion-MNIST through the system's own package tools on Debian-family systems: {@code
 * apt-get download dataset-fashion-mnist} into a temporary directory (no root needed where package
 * lists exist; as root, missing lists are fetched first with {@code apt-get update}), {@code
 * dpkg-deb -x} to unpack it, then each missing file is copied into the cache through {@link
 * CacheInstaller}'s checksum check. A machine that reaches only its distribution's archive still
 * gets the real data. Run only when the caller of {@link DataLocator} opts in.
 */
final class DebianPackageFetch implements DataLocator.PackageFetch {

    /** The Debian package that holds Fashion-MNIST. */
    static final String PACKAGE = "dataset-fashion-mnist";

    /** Where the package puts the files. */
    static final Path PACKAGE_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    private static final int TAIL_LINES = 3;

    private final PrintWriter progress;

    /**
     * A fetch that keeps the package tools' output for its errors.
     *
     * @param progress where a failure to clean up is reported
     */
    DebianPackageFetch(PrintWriter progress) {
        this.progress = progress;
    }

    /**
     * Fetches the package and installs every file the cache lacks.
     *
     * @param installer the cache to fill
     * @throws IOException if the tools are missing or fail, or a file fails its check
     */
    @Override
    public void fetchMissing(CacheInstaller installer) throws IOException {
        Path work = Files.createTempDirectory("nin-" + PACKAGE + "-");
        try {
            List<String> download = List.of("apt-get", "download", PACKAGE);
            try {
                run(work, download);
            } catch (IOException first) {
                if (!"root".equals(System.getProperty("user.name"))) {
                    throw first;
                }
                // A fresh container has no package lists; root can fetch them and try again.
                run(work, List.of("apt-get", "update"));
                run(work, download);
            }
            Path deb;
            try (Stream<Path> files = Files.list(work)) {
                deb =
                        files.filter(p -> p.getFileName().toString().endsWith(".deb"))
                                .findFirst()
                                .orElseThrow(
                                        () -> new IOException("apt-get download left no .deb"));
            }
            Path unpacked = work.resolve("unpacked");
            run(work, List.of("dpkg-deb", "-x", deb.toString(), unpacked.toString()));
            Path files = unpacked.resolve(PACKAGE_DIRECTORY.toString().substring(1));
            for (FashionMnistFile file : FashionMnistFile.values()) {
                if (!installer.has(file)) {
                    Path source =
                            file.find(files)
                                    .orElseThrow(
                                            () ->
                                                    new IOException(
                                                            PACKAGE
                                                                    + " has no "
                                                                    + file.baseName()));
                    installer.install(
                            file,
                            temporary ->
                                    Files.copy(
                                            source,
                                            temporary,
                                            StandardCopyOption.REPLACE_EXISTING));
                }
            }
        } finally {
            deleteTree(work);
        }
    }

    private void run(Path directory, List<String> command) throws IOException {
        // DataLocator has said in one line that the package is being fetched; the tools' own
        // output is kept for the error only, its last lines.
        String line = String.join(" ", command);
        Process process;
        try {
            process =
                    new ProcessBuilder(command)
                            .directory(directory.toFile())
                            .redirectErrorStream(true)
                            .start();
        } catch (IOException e) {
            throw new IOException(command.get(0) + " is not available", e);
        }
        process.getOutputStream().close();
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String output = out.readLine(); output != null; output = out.readLine()) {
                tail.addLast(output.strip());
                if (tail.size() > TAIL_LINES) {
                    tail.removeFirst();
                }
            }
        }
        int status;
        try {
            status = process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IOException(line + " was interrupted", e);
        }
        if (status != 0) {
            throw new IOException(
                    line + " failed with status " + status + ": " + String.join(" / ", tail));
        }
    }

    private void deleteTree(Path root) {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path path : paths) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // Cleaning up must not hide why the fetch failed; the directory is in the temp area.
            progress.println("could not remove " + root + ": " + Reasons.of(e));
            progress.flush();
        }
    }
}
