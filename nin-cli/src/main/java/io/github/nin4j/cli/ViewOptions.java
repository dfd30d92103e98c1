package io.github.nin4j.cli;

import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.view.ViewServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --view}: {@code nin train} and {@code nin experiment} serve their page while they run. */
final class ViewOptions {

    @Option(
            names = "--view",
            description =
                    "Serve a live page of the run (as nin view does) while it trains, and print its"
                            + " address.")
    boolean view;

    @Option(
            names = "--view-port",
            paramLabel = "N",
            defaultValue = "8080",
            description =
                    "Port of the --view page; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--view-host",
            paramLabel = "H",
            defaultValue = ViewServer.LOOPBACK,
            description =
                    "Address the --view page listens on (default: ${DEFAULT-VALUE}, this machine"
                            + " only).")
    String host;

    /**
     * Starts the page for a run or experiment directory, created if missing, and prints its
     * address; null without {@code --view}.
     */
    ViewServer start(Path directory, PrintWriter out) {
        if (!view) {
            return null;
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new InvalidInputException("cannot create " + directory + ": " + e.getMessage());
        }
        ViewServer server = ViewServer.start(List.of(directory), host, port);
        ViewCommand.announce(server, out);
        out.println("view: the page stops with the run; nin view " + directory + " shows it again");
        out.flush();
        return server;
    }
}
