package io.github.nin4j.cli;

import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.InvalidValueException;
import io.github.nin4j.base.Reasons;
import io.github.nin4j.train.TrainingConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/** The root {@code nin} command: Network in Network on Fashion-MNIST, after d2l's lecture. */
@Command(
        name = "nin",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Network in Network (Lin et al. 2013) on Fashion-MNIST, as in d2l's NiN chapter.",
        subcommands = {
            SummaryCommand.class,
            DataCommand.class,
            TrainCommand.class,
            SeedsCommand.class,
            ExperimentCommand.class,
            EvaluateCommand.class,
            PredictCommand.class,
            BenchCommand.class,
            CheckCommand.class,
            ExportCommand.class,
            ImportCommand.class,
            ParityCommand.class,
            ViewCommand.class,
            CommandLine.HelpCommand.class
        })
public final class NinCommand implements Runnable {

    @Option(
            names = "--verbose",
            scope = ScopeType.INHERIT,
            description = "Show stack traces and engine logs.")
    boolean verbose;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /**
     * Builds the command line with the project's error handling: an {@link InvalidInputException}
     * prints one line and exits 2, any other failure prints one line and exits 1, and {@code
     * --verbose} adds the stack trace. An unknown command prints one line naming it, the closest
     * commands and all of them, and exits 2, even with {@code --help}.
     *
     * @return the command line, ready to execute
     */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new NinCommand());
        IParameterExceptionHandler parseErrors = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler(
                (e, args) -> {
                    if (e instanceof UnmatchedArgumentException u && isUnknownCommand(u)) {
                        return unknownCommand(e.getCommandLine(), u.getUnmatched().get(0));
                    }
                    // An option's converter that refuses a value says why in one line, as the
                    // commands do, rather than picocli's wrapped message and the whole usage.
                    if (e.getCause() instanceof InvalidInputException refused) {
                        PrintWriter err = e.getCommandLine().getErr();
                        err.println("nin: " + Reasons.withoutClassNames(refused.getMessage()));
                        err.flush();
                        return CommandLine.ExitCode.USAGE;
                    }
                    return parseErrors.handleParseException(e, args);
                });
        cli.setExecutionStrategy(NinCommand::execute);
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    PrintWriter err = commandLine.getErr();
                    boolean verbose =
                            parseResult.hasMatchedOption("--verbose")
                                    || parseResult.subcommands().stream()
                                            .anyMatch(p -> p.hasMatchedOption("--verbose"));
                    boolean input = e instanceof InvalidInputException;
                    err.println("nin: " + (input ? "" : "error: ") + message(e));
                    if (verbose) {
                        e.printStackTrace(err);
                    } else if (!input) {
                        err.println("(run again with --verbose for the stack trace)");
                    }
                    err.flush();
                    return input ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
                });
        return cli;
    }

    /**
     * Runs the matched command. With {@code --help} or {@code --version}, picocli would print the
     * root's help or version and exit 0 without reporting a word it could not match ({@code nin
     * typo --help}); that word is an unknown command all the same.
     */
    private static int execute(ParseResult parseResult) {
        List<String> unmatched = parseResult.unmatched();
        if (!parseResult.hasSubcommand() && startsWithWord(unmatched)) {
            return unknownCommand(parseResult.commandSpec().commandLine(), unmatched.get(0));
        }
        return new RunLast().execute(parseResult);
    }

    /** Whether the root could not match a word (not an option) where a command belongs. */
    private static boolean isUnknownCommand(UnmatchedArgumentException e) {
        return e.getCommandLine().getParent() == null
                && !e.isUnknownOption()
                && startsWithWord(e.getUnmatched());
    }

    private static boolean startsWithWord(List<String> arguments) {
        return !arguments.isEmpty() && !arguments.get(0).startsWith("-");
    }

    private static int unknownCommand(CommandLine root, String name) {
        List<String> closest = new UnmatchedArgumentException(root, List.of(name)).getSuggestions();
        String suggestion =
                closest.isEmpty() ? "" : " (did you mean " + String.join(" or ", closest) + "?)";
        PrintWriter err = root.getErr();
        err.printf(
                "nin: unknown command '%s'%s; commands: %s%n",
                name, suggestion, String.join(", ", root.getSubcommands().keySet()));
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    /** The options that set the library's settings, for messages about their values. */
    private static final Map<String, String> OPTIONS =
            Map.of(
                    TrainingConfig.EPOCHS, "--epochs",
                    TrainingConfig.LEARNING_RATE, "--lr",
                    TrainingConfig.BATCH_SIZE, "--batch-size",
                    TrainingConfig.LIMIT, "--limit",
                    TrainingConfig.INPUT_SIZE, "--resize");

    private static String message(Throwable e) {
        if (e instanceof InvalidValueException value && OPTIONS.containsKey(value.setting())) {
            return OPTIONS.get(value.setting()) + " " + value.problem();
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory; give Java more with NIN_JAVA_OPTS=-Xmx<size> (the launcher's"
                    + " default is -Xmx8g), or ask for less: a smaller --batch-size or --resize";
        }
        // Words only: Java's class names are for --verbose's stack trace.
        return Reasons.of(e);
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        // Everything the engine needs comes from Maven; never reach for the network at run time.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        System.exit(newCommandLine().execute(args));
    }
}
