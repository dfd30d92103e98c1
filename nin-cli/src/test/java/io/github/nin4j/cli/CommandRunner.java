package io.github.nin4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code nin} command line in-process and captures what it prints. */
final class CommandRunner {

    /**
     * What a run printed and returned.
     *
     * @param exitCode the exit status
     * @param out standard output
     * @param err standard error
     */
    record Result(int exitCode, String out, String err) {}

    private CommandRunner() {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = NinCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
