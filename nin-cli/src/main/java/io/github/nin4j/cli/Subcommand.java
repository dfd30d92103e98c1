package io.github.nin4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every {@code nin} subcommand has: {@code --help} and {@code --version}, an exit status, and
 * its own command line's streams.
 */
@Command(mixinStandardHelpOptions = true)
abstract class Subcommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    /** Where the command's results go. */
    PrintWriter stdout() {
        return spec.commandLine().getOut();
    }

    /** Where engine checks, data progress and warnings go. */
    PrintWriter stderr() {
        return spec.commandLine().getErr();
    }
}
