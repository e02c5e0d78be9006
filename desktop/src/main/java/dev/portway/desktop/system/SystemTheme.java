// Whether the desktop prefers a dark look, where the platform lets an app read it: GNOME's color-scheme (or a dark
// GTK theme), macOS's AppleInterfaceStyle, Windows' AppsUseLightTheme. It runs a small command: call it off the FX
// thread.
package dev.portway.desktop.system;

import dev.portway.agent.system.Os;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

public final class SystemTheme {
    /** Runs a command: its standard output when it ran and succeeded, else empty. */
    public interface Commands {
        Optional<String> run(List<String> command);
    }

    private static final Pattern WINDOWS_DARK = Pattern.compile("AppsUseLightTheme\\s+REG_DWORD\\s+0x0+(\\s|$)");

    private final Os platform;
    private final Commands commands;

    public SystemTheme(Os platform, Commands commands) {
        this.platform = platform;
        this.commands = commands;
    }

    public static SystemTheme current() {
        return new SystemTheme(Os.current(), SystemTheme::exec);
    }

    /** True when the system says dark; light when it says light, says nothing, or cannot be asked. */
    public boolean prefersDark() {
        return switch (platform) {
            case LINUX -> gnome();
            case MAC -> commands.run(List.of("defaults", "read", "-g", "AppleInterfaceStyle"))
                    .filter(out -> out.strip().equalsIgnoreCase("dark")).isPresent();
            case WINDOWS -> commands.run(List.of("reg", "query",
                            "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize", "/v",
                            "AppsUseLightTheme"))
                    .filter(out -> WINDOWS_DARK.matcher(out).find()).isPresent();
        };
    }

    private boolean gnome() {
        String scheme = commands.run(List.of("gsettings", "get", "org.gnome.desktop.interface", "color-scheme"))
                .map(String::strip).orElse("");
        if (scheme.equals("'prefer-dark'") || scheme.equals("'prefer-light'")) {
            return scheme.equals("'prefer-dark'");
        }
        // Before GNOME 42 (and on desktops that only switch the GTK theme) dark is a theme named e.g. Adwaita-dark.
        return commands.run(List.of("gsettings", "get", "org.gnome.desktop.interface", "gtk-theme"))
                .filter(name -> name.toLowerCase(Locale.ROOT).contains("dark")).isPresent();
    }

    /** Runs a command for at most two seconds; a missing program or a failure is simply no answer. */
    static Optional<String> exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(64 * 1024);
            }
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(new String(out, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
