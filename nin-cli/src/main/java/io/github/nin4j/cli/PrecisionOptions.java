package io.github.nin4j.cli;

import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.precision.PrecisionChoice;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The {@code --precision} option of the commands that compute with the network. */
final class PrecisionOptions {

    @Option(
            names = "--precision",
            paramLabel = "fp32|bf16|auto",
            defaultValue = "fp32",
            description =
                    "Number format of the NiN blocks: fp32; bf16 (the CPU's bf16 units, float32"
                            + " parameters and gradients, checked against float64 first); auto"
                            + " (bf16 where the CPU has bf16 instructions and the check passes,"
                            + " else fp32). Default: ${DEFAULT-VALUE}.")
    String precision;

    /** The choice from {@code --precision}. */
    PrecisionChoice choice() {
        try {
            return PrecisionChoice.valueOf(precision.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "--precision must be fp32, bf16 or auto, got '" + precision + "'");
        }
    }
}
