/**
 * The {@code nin} command line: {@link io.github.nin4j.cli.NinCommand} and its subcommands, each a
 * picocli {@code Callable<Integer>} that writes to its own command line's streams. Exit codes: 0
 * success, 2 usage or input error, 1 failure at run time.
 */
package io.github.nin4j.cli;
