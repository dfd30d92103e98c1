package io.github.nin4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NinCommandTest {

    private static final String COMMANDS =
            "commands: summary, data, train, seeds, experiment, evaluate, predict, bench, check, export, import,"
                    + " parity, view, help";

    @Test
    void unknownCommandIsAUsageErrorOfOneLineEvenWithHelp() {
        for (String[] args : new String[][] {{"experimnt", "--help"}, {"experimnt"}}) {
            CommandRunner.Result r = CommandRunner.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err())
                    .isEqualTo(
                            "nin: unknown command 'experimnt' (did you mean experiment or export or parity?); "
                                    + COMMANDS
                                    + System.lineSeparator());
        }
    }

    @Test
    void unknownCommandWithNothingCloseListsTheCommands() {
        CommandRunner.Result r = CommandRunner.run("--verbose", "zzz", "extra");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("nin: unknown command 'zzz'; " + COMMANDS + System.lineSeparator());
    }

    /** What the unknown-command handling must leave alone. */
    @Test
    void rootHelpUnknownOptionsAndASubcommandsExtraWordsKeepPicoclisHandling() {
        CommandRunner.Result help = CommandRunner.run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: nin");
        CommandRunner.Result unknownOption = CommandRunner.run("--bogus");
        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.err()).startsWith("Unknown option: '--bogus'");
        CommandRunner.Result extraArgument = CommandRunner.run("summary", "bogus");
        assertThat(extraArgument.exitCode()).isEqualTo(2);
        assertThat(extraArgument.err()).startsWith("Unmatched argument at index 1: 'bogus'");
    }
}
