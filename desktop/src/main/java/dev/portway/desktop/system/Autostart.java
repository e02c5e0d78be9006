// Installs or removes the "connect at login" entry: XDG autostart on Linux, a LaunchAgent on macOS, Startup on Windows.
package dev.portway.desktop.system;

import dev.portway.agent.system.Os;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

public final class Autostart {
    private final Os platform;
    private final Path home;
    private final Map<String, String> env;
    private final List<String> command;

    /**
     * command: the program and arguments that start the app minimized, e.g. [/opt/portway/portway, app,
     * --minimized].
     */
    public Autostart(Os platform, Path home, Map<String, String> env, List<String> command) {
        this.platform = platform;
        this.home = home;
        this.env = env;
        this.command = List.copyOf(command);
    }

    /** Where the entry lives on this platform. */
    public Path file() {
        return switch (platform) {
            case LINUX -> {
                String xdg = env.get("XDG_CONFIG_HOME");
                Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config");
                yield base.resolve("autostart").resolve("portway.desktop");
            }
            case MAC -> home.resolve("Library/LaunchAgents/dev.portway.app.plist");
            case WINDOWS -> {
                String appData = env.get("APPDATA");
                Path base = appData != null ? Path.of(appData) : home.resolve("AppData/Roaming");
                yield base.resolve("Microsoft/Windows/Start Menu/Programs/Startup/Portway.cmd");
            }
        };
    }

    public boolean isInstalled() {
        return Files.exists(file());
    }

    public void install() throws IOException {
        Path f = file();
        Files.createDirectories(f.getParent());
        Files.writeString(f, content(), StandardCharsets.UTF_8);
    }

    public void remove() throws IOException {
        Files.deleteIfExists(file());
    }

    /** The text of the entry. */
    public String content() {
        return switch (platform) {
            case LINUX -> "[Desktop Entry]\n"
                    + "Type=Application\n"
                    + "Name=Portway\n"
                    + "Comment=Reconnect the Portway tunnels that were on\n"
                    + "Exec=" + String.join(" ", command.stream().map(Autostart::desktopQuote).toList()) + "\n"
                    + "Terminal=false\n"
                    + "X-GNOME-Autostart-enabled=true\n";
            case MAC -> "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                    + "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                    + "<plist version=\"1.0\">\n<dict>\n"
                    + "  <key>Label</key><string>dev.portway.app</string>\n"
                    + "  <key>ProgramArguments</key>\n  <array>\n"
                    + String.join("", command.stream().map(a -> "    <string>" + xml(a) + "</string>\n").toList())
                    + "  </array>\n"
                    + "  <key>RunAtLoad</key><true/>\n"
                    + "</dict>\n</plist>\n";
            case WINDOWS -> "@echo off\r\nstart \"\" "
                    + String.join(" ", command.stream().map(a -> "\"" + a + "\"").toList()) + "\r\n";
        };
    }

    /** Quotes an Exec argument as the Desktop Entry specification asks. */
    static String desktopQuote(String arg) {
        if (arg.matches("[A-Za-z0-9_./=:@+-]+")) {
            return arg;
        }
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"").replace("`", "\\`").replace("$", "\\$")
                + "\"";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
