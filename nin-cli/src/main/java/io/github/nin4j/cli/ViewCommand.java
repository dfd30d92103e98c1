package io.github.nin4j.cli;

import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.view.ViewServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nin view}: serves a live, read-only page of run and experiment directories (d2l's animated
 * plot, the run's state, the confusion matrix and predictions) until Ctrl-C.
 */
@Command(
        name = "view",
        description = {
            "Serve a live page of training runs and experiments: d2l's curves (train loss, train"
                    + " acc, test acc, five points an epoch), the run's state, restarts, the engine"
                    + " check, the confusion matrix and test predictions; several runs overlaid, an"
                    + " experiment's variants as mean curves with their seeds' spread.",
            "Read-only; listens on 127.0.0.1 unless --host says otherwise. Ctrl-C stops it."
        })
final class ViewCommand extends Subcommand {

    @Parameters(
            paramLabel = "DIR",
            arity = "0..*",
            description =
                    "Run directories, experiment directories or directories of runs (default:"
                            + " runs).")
    List<Path> directories;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "8080",
            description = "Port; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--host",
            paramLabel = "H",
            defaultValue = ViewServer.LOOPBACK,
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Override
    public Integer call() throws InterruptedException {
        List<Path> dirs = directories == null ? List.of(Path.of("runs")) : directories;
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new InvalidInputException(
                        dir
                                + " is not a directory; give run or experiment directories, e.g."
                                + " nin view runs/20250101-120000");
            }
        }
        PrintWriter out = stdout();
        ViewServer server = ViewServer.start(dirs, host, port);
        announce(server, out);
        out.println("view: Ctrl-C stops serving");
        out.flush();
        // Serves until the JVM is stopped; its threads are daemons, so Ctrl-C ends it at once.
        new CountDownLatch(1).await();
        return 0;
    }

    /** Prints the page's address, and a warning when it is not this machine's alone. */
    static void announce(ViewServer server, PrintWriter out) {
        out.println("view: " + server.address());
        if (server.loopbackOnly()) {
            int port = server.address().getPort();
            out.printf(
                    "view: from another machine, forward the port: ssh -L %d:localhost:%d"
                            + " THIS_HOST, then open http://localhost:%d/%n",
                    port, port, port);
        } else {
            out.printf(
                    "warning: the page is served on %s, not only to this machine: whoever reaches"
                            + " it can read these runs%n",
                    server.address().getHost());
        }
        out.flush();
    }
}
