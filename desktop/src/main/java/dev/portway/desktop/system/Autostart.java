// Installs or removes the "connect at login" entry: XDG autostart on Linux, a LaunchAgent on macOS, Startup on Windows.
package dev.portway.desktop.system;

import dev.portway.agent.system.AppDirs;
import dev.portway.agent.system.InstalledLauncher;
import dev.portway.agent.system.Os;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

public final class Autostart {
    private final Os platform;
    private final Path home;
    private final Map<String, String> env;
    private final List<String> command;
    private final String javaHome;

    /**
     * command: the program and arguments that start the app minimized, e.g. [/opt/portway/portway, app,
     * --minimized].
     */
    public Autostart(Os platform, Path home, Map<String, String> env, List<String> command) {
        this(platform, home, env, command, null);
    }

    /** javaHome: the JDK the macOS entry gives the command (loginJavaHome), or null for none. */
    public Autostart(Os platform, Path home, Map<String, String> env, List<String> command, String javaHome) {
        this.platform = platform;
        this.home = home;
        this.env = env;
        this.command = List.copyOf(command);
        this.javaHome = javaHome;
    }

    /**
     * The JDK a macOS login entry names, or null. launchd starts the entry with PATH /usr/bin:/bin:/usr/sbin:/sbin,
     * whose java is Apple's stub: it runs JAVA_HOME's java, else only a JDK registered in
     * /Library/Java/JavaVirtualMachines (not Homebrew's or SDKMAN's), so a checkout's ./portway would fail, or run
     * another Java than the app runs on now. The entry gives this JVM's home as JAVA_HOME and first on PATH: ./portway
     * then runs, and reads the version of, this JDK. A bare jar's entry names this java in full already; it gets the
     * same, for one rule and for whatever it starts. An installed app's launcher carries its own
     * runtime, whose path inside the bundle the entry should not pin: none.
     *
     * @param property looks up a system property (tests pass their own)
     */
    public static String loginJavaHome(UnaryOperator<String> property) {
        return InstalledLauncher.of(property).isPresent() ? null : property.apply("java.home");
    }

    /**
     * Where the entry lives on this platform: $XDG_CONFIG_HOME/autostart (the settings folder's parent, so the same
     * XDG rules apply), ~/Library/LaunchAgents, or the Startup folder of %APPDATA% (the roaming profile, as the
     * settings).
     */
    public Path file() {
        Path configBase = AppDirs.of(platform, home, env).config().getParent();
        return switch (platform) {
            case LINUX -> configBase.resolve("autostart").resolve("portway.desktop");
            case MAC -> home.resolve("Library/LaunchAgents/dev.portway.app.plist");
            case WINDOWS -> configBase.resolve("Microsoft/Windows/Start Menu/Programs/Startup/Portway.cmd");
        };
    }

    public boolean isInstalled() {
        return Files.exists(file());
    }

    public void install() throws IOException {
        String text = content();
        Path f = file();
        Files.createDirectories(f.getParent());
        Files.writeString(f, text, StandardCharsets.UTF_8);
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
            // RunAtLoad: start at login. Aqua: only in a graphical login, not an ssh session. Interactive: launchd
            // treats it as an app the person uses, not a background job to throttle.
            case MAC -> "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                    + "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                    + "<plist version=\"1.0\">\n<dict>\n"
                    + "  <key>Label</key><string>dev.portway.app</string>\n"
                    + "  <key>ProgramArguments</key>\n  <array>\n"
                    + String.join("", command.stream().map(a -> "    <string>" + xml(a) + "</string>\n").toList())
                    + "  </array>\n"
                    + environment()
                    + "  <key>RunAtLoad</key><true/>\n"
                    + "  <key>LimitLoadToSessionType</key><string>Aqua</string>\n"
                    + "  <key>ProcessType</key><string>Interactive</string>\n"
                    + "</dict>\n</plist>\n";
            // chcp 65001: cmd reads the lines after it as UTF-8 (a user folder may have any name). start "": the
            // script's console closes as soon as the app is started (with /b a console launcher would share it and
            // keep it open as long as the app runs); a GUI launcher (the installed portway.exe) shows none at all.
            case WINDOWS -> "@echo off\r\n"
                    + "chcp 65001 >nul\r\n"
                    + "start \"\" " + String.join(" ", command.stream().map(Autostart::cmdQuote).toList()) + "\r\n";
        };
    }

    /** The LaunchAgent's EnvironmentVariables: JAVA_HOME, and PATH launchd's own with the JDK's bin first. */
    private String environment() {
        if (javaHome == null) {
            return "";
        }
        return "  <key>EnvironmentVariables</key>\n  <dict>\n"
                + "    <key>JAVA_HOME</key><string>" + xml(javaHome) + "</string>\n"
                + "    <key>PATH</key><string>" + xml(javaHome) + "/bin:/usr/bin:/bin:/usr/sbin:/sbin</string>\n"
                + "  </dict>\n";
    }

    /** Quotes an Exec argument as the Desktop Entry specification asks. */
    static String desktopQuote(String arg) {
        if (arg.matches("[A-Za-z0-9_./=:@+-]+")) {
            return arg;
        }
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"").replace("`", "\\`").replace("$", "\\$")
                + "\"";
    }

    /**
     * Quotes an argument in a .cmd file. Inside double quotes cmd takes &amp; | &lt; &gt; ^ as they are; % is read
     * even there, so it is doubled. Trailing backslashes are doubled so the program's own parsing (CommandLineToArgvW)
     * does not read the closing quote as escaped. A double quote or a line break cannot be carried through cmd at all:
     * no Windows path has one, and the app's arguments are its own, so one is a bug, refused.
     */
    static String cmdQuote(String arg) {
        if (arg.contains("\"") || arg.contains("\n") || arg.contains("\r")) {
            throw new IllegalArgumentException("a login command cannot carry a quote or line break: " + arg);
        }
        int end = arg.length();
        while (end > 0 && arg.charAt(end - 1) == '\\') {
            end--;
        }
        return "\"" + arg.replace("%", "%%") + arg.substring(end) + "\"";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
