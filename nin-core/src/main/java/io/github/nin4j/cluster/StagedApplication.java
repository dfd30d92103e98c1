package io.github.nin4j.cluster;

import io.github.nin4j.base.Checksums;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The application copied into an experiment's shared directory, under {@code app/<content hash>/},
 * so that compute nodes run the build that was submitted: they build nothing, fetch nothing, and a
 * later build on the submitting machine does not change the jars under running tasks. The memory
 * allocator the submitting process preloads (tcmalloc, by {@code ./nin}) is staged with it.
 *
 * @param command the Java command that runs the application's main class, without the class
 * @param environment the variables the command needs ({@code LD_PRELOAD} where an allocator is
 *     staged)
 */
public record StagedApplication(List<String> command, Map<String, String> environment) {

    /** Copies the lists. */
    public StagedApplication {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /**
     * Stages the application into {@code root/app/<hash>}; a stage with the same content is reused.
     *
     * @param root the experiment's directory, on the file system the nodes share
     * @param launcher the Java launcher the nodes run (the same path must exist there)
     * @param jvmOptions the JVM's options, e.g. the submitting process's
     * @param classpath the class path's entries, jars or class directories, in order
     * @param preload the allocator library to preload, if any
     * @return the staged command
     * @throws InvalidInputException when the directory cannot be written
     */
    public static StagedApplication stage(
            Path root,
            Path launcher,
            List<String> jvmOptions,
            List<Path> classpath,
            Optional<Path> preload) {
        try {
            List<Path> entries = new ArrayList<>(classpath);
            preload.ifPresent(entries::add);
            Path stage = root.resolve("app").resolve(hash(entries));
            List<Path> staged = new ArrayList<>();
            for (int i = 0; i < classpath.size(); i++) {
                staged.add(
                        stage.resolve(String.format("%02d-%s", i, classpath.get(i).getFileName())));
            }
            Optional<Path> stagedPreload =
                    preload.map(p -> stage.resolve("native").resolve(p.getFileName()));
            if (!Files.isDirectory(stage)) {
                Path partial =
                        Files.createTempDirectory(
                                Files.createDirectories(root.resolve("app")), ".staging-");
                for (int i = 0; i < classpath.size(); i++) {
                    copy(classpath.get(i), partial.resolve(staged.get(i).getFileName()));
                }
                if (preload.isPresent()) {
                    Files.createDirectories(partial.resolve("native"));
                    copy(
                            preload.get(),
                            partial.resolve("native").resolve(preload.get().getFileName()));
                }
                try {
                    Files.move(partial, stage, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    if (!Files.isDirectory(stage)) {
                        throw raced;
                    }
                }
            }
            List<String> command = new ArrayList<>();
            command.add(launcher.toString());
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(
                    String.join(File.pathSeparator, staged.stream().map(Path::toString).toList()));
            Map<String, String> environment = new LinkedHashMap<>();
            stagedPreload.ifPresent(p -> environment.put("LD_PRELOAD", p.toString()));
            return new StagedApplication(command, environment);
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidInputException(
                    ("cannot stage the application into %s: %s; give an experiment directory on"
                                    + " a writable shared file system")
                            .formatted(root.resolve("app"), Reasons.of(e)),
                    e);
        }
    }

    private static void copy(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            return;
        }
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        }
    }

    /** The SHA-256 of every file's name and bytes, in order, shortened. */
    private static String hash(List<Path> entries) throws IOException {
        MessageDigest digest = Checksums.newSha256();
        for (Path entry : entries) {
            List<Path> files;
            try (var walk = Files.walk(entry)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                digest.update(entry.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }
}
