package io.github.nin4j.cli;

import ai.djl.engine.Engine;
import picocli.CommandLine;

/** Reports the application's version and the DJL version it was built against. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = NinCommand.class.getPackage().getImplementationVersion();
        return new String[] {
            "nin " + (version == null ? "(development build)" : version),
            "DJL " + Engine.getDjlVersion()
        };
    }
}
