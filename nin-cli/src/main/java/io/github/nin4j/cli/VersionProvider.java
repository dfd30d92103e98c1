package io.github.nin4j.cli;

import ai.djl.engine.Engine;
import io.github.nin4j.machine.MemoryAllocator;
import picocli.CommandLine;

/**
 * Reports the application's version, the DJL version it was built against, and the memory allocator
 * the launcher gave it.
 */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = NinCommand.class.getPackage().getImplementationVersion();
        return new String[] {
            "nin " + (version == null ? "(development build)" : version),
            "DJL " + Engine.getDjlVersion(),
            "memory allocator: " + MemoryAllocator.current()
        };
    }
}
