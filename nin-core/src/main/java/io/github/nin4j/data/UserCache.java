package io.github.nin4j.data;

import java.nio.file.Path;
import java.util.Map;

/** Where the project keeps what it fetches or builds for a user: the XDG cache directory. */
public final class UserCache {

    private UserCache() {}

    /**
     * The project's cache directory: {@code $XDG_CACHE_HOME/nin}, or {@code $HOME/.cache/nin} when
     * that variable is unset or relative (the XDG base-directory spec says relative values are to
     * be ignored).
     *
     * @param environment the variables {@code XDG_CACHE_HOME} and {@code HOME}; the process's
     *     {@code user.home} when {@code HOME} is missing
     * @return the directory, which may not exist yet
     */
    public static Path root(Map<String, String> environment) {
        String xdg = environment.get("XDG_CACHE_HOME");
        Path base =
                xdg != null && Path.of(xdg).isAbsolute()
                        ? Path.of(xdg)
                        : Path.of(
                                environment.getOrDefault("HOME", System.getProperty("user.home")),
                                ".cache");
        return base.resolve("nin");
    }
}
