// Whether JavaFX can open a window on this Linux: its toolkit loads libgtk-3.so.0, and without it JavaFX only says
// "Unable to load glass GTK library". Looking for the library first lets the app name the package to install.
package dev.portway.desktop.system;

import dev.portway.agent.system.Os;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

public final class GtkRuntime {
    static final String LIBRARY = "libgtk-3.so.0";
    public static final String MISSING =
            "the app needs the GTK 3 runtime: install libgtk-3-0 (Debian/Ubuntu) or gtk3 (Fedora)";
    /** Where distributions put shared libraries (Debian's multiarch folders, Fedora's lib64). */
    private static final List<String> DIRS = List.of("/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib",
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu", "/lib/arm-linux-gnueabihf", "/usr/lib/arm-linux-gnueabihf",
            "/usr/lib/riscv64-linux-gnu");

    private final Os platform;
    private final Map<String, String> env;
    private final Predicate<Path> exists;
    private final SystemTheme.Commands commands;

    /** exists: whether a file is there; commands: runs ldconfig, whose cache knows the libraries anywhere else. */
    public GtkRuntime(Os platform, Map<String, String> env, Predicate<Path> exists,
                      SystemTheme.Commands commands) {
        this.platform = platform;
        this.env = env;
        this.exists = exists;
        this.commands = commands;
    }

    public static GtkRuntime current(Map<String, String> env) {
        return new GtkRuntime(Os.current(), env, Files::exists, SystemTheme::exec);
    }

    /** One line naming the package to install when GTK 3 is missing; null when it is there or not needed. */
    public String whyMissing() {
        if (platform != Os.LINUX) {
            return null;
        }
        List<String> dirs = new ArrayList<>();
        for (String d : env.getOrDefault("LD_LIBRARY_PATH", "").split(":")) {
            if (!d.isBlank()) {
                dirs.add(d);
            }
        }
        dirs.addAll(DIRS);
        if (dirs.stream().anyMatch(d -> exists.test(Path.of(d, LIBRARY)))) {
            return null;
        }
        for (String ldconfig : List.of("ldconfig", "/sbin/ldconfig", "/usr/sbin/ldconfig")) {
            Optional<String> cache = commands.run(List.of(ldconfig, "-p"));
            if (cache.isPresent()) {
                return cache.get().contains(LIBRARY + " ") ? null : MISSING;
            }
        }
        return MISSING;
    }
}
