// Where Portway keeps its files for the user who runs it, by each system's convention: the settings (config.json,
// known_servers, inspect-sets/) and a cache that may be deleted at any time (the app's native libraries).
package dev.portway.agent.system;

import java.nio.file.Path;
import java.util.Map;

public record AppDirs(Path config, Path cache) {
    /** The folders of the user who runs this JVM, on this system. */
    public static AppDirs current(Map<String, String> env) {
        return of(Os.current(), home(env), env);
    }

    /** The home folder of the user who runs this JVM. */
    public static Path home(Map<String, String> env) {
        return home(Os.current(), env, System.getProperty("user.home"));
    }

    /**
     * On Linux and macOS $HOME, as the XDG specification and every Unix program read it (HOME=/tmp/x portway ...
     * keeps its files there): Java's user.home is the password database's home instead. Windows has no $HOME of its
     * own: user.home is the profile folder there.
     */
    static Path home(Os os, Map<String, String> env, String userHome) {
        String home = os == Os.WINDOWS ? null : env.get("HOME");
        if (home != null && !home.isBlank() && Path.of(home).isAbsolute()) {
            return Path.of(home);
        }
        return Path.of(userHome);
    }

    /**
     * Linux (and other Unix): $XDG_CONFIG_HOME/portway (default ~/.config/portway) and $XDG_CACHE_HOME/portway
     * (~/.cache/portway). macOS: ~/Library/Application Support/Portway and ~/Library/Caches/Portway. Windows:
     * %APPDATA%\Portway (the roaming profile: settings follow the user) and %LOCALAPPDATA%\Portway\Cache (this machine
     * only). On macOS and Windows an older version's ~/.config/portway moves here once (SettingsMigration).
     */
    public static AppDirs of(Os os, Path home, Map<String, String> env) {
        return switch (os) {
            case LINUX -> new AppDirs(xdg(env, "XDG_CONFIG_HOME", home.resolve(".config")).resolve("portway"),
                    xdg(env, "XDG_CACHE_HOME", home.resolve(".cache")).resolve("portway"));
            case MAC -> new AppDirs(home.resolve("Library").resolve("Application Support").resolve("Portway"),
                    home.resolve("Library").resolve("Caches").resolve("Portway"));
            case WINDOWS -> new AppDirs(
                    envDir(env, "APPDATA", home.resolve("AppData").resolve("Roaming")).resolve("Portway"),
                    envDir(env, "LOCALAPPDATA", home.resolve("AppData").resolve("Local")).resolve("Portway")
                            .resolve("Cache"));
        };
    }

    /** The settings file. */
    public Path settingsFile() {
        return config.resolve("config.json");
    }

    private static Path envDir(Map<String, String> env, String name, Path fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : Path.of(value);
    }

    // The XDG specification: a relative path in these variables is invalid and is ignored.
    private static Path xdg(Map<String, String> env, String name, Path fallback) {
        Path p = envDir(env, name, fallback);
        return p.isAbsolute() ? p : fallback;
    }
}
