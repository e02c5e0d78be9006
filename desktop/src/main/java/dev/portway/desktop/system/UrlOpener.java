// Opens a web page in the person's browser: each way this system has, in turn, until one says it worked.
package dev.portway.desktop.system;

import dev.portway.agent.system.Os;
import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

public final class UrlOpener {
    /** How long a command may take to say it failed; one still running then has started a browser in the foreground. */
    private static final long COMMAND_SECONDS = 5;

    /** One way to open a page: true when it did, false or an exception when it could not. */
    @FunctionalInterface
    public interface Launcher {
        boolean open(String url) throws Exception;
    }

    private final List<Launcher> launchers;

    public UrlOpener(List<Launcher> launchers) {
        this.launchers = List.copyOf(launchers);
    }

    /**
     * The ways of this platform. On Linux, Java's Desktop and JavaFX's HostServices both go through GTK's
     * gtk_show_uri, which fails outside GNOME ("Operation not supported") and, for HostServices, silently:
     * xdg-open is what every Linux desktop answers. Elsewhere Desktop works and the command is the fallback.
     */
    public static UrlOpener forPlatform(Os platform) {
        List<Launcher> ways = new ArrayList<>();
        if (platform != Os.LINUX) {
            ways.add(UrlOpener::desktopBrowse);
        }
        ways.add(url -> run(command(platform, url)));
        return new UrlOpener(ways);
    }

    /** The command that opens a page with the person's browser on each platform. */
    static List<String> command(Os platform, String url) {
        return switch (platform) {
            case LINUX -> List.of("xdg-open", url);
            case MAC -> List.of("open", url);
            case WINDOWS -> List.of("rundll32", "url.dll,FileProtocolHandler", url);
        };
    }

    /**
     * Tries each way in turn; false when none worked, and the caller shows the address to copy instead. Only web
     * addresses are opened: a server's answer is no program argument or local file. Blocks: call it off the FX thread.
     */
    public boolean open(String url) {
        if (!isWebAddress(url)) {
            return false;
        }
        for (Launcher way : launchers) {
            try {
                if (way.open(url)) {
                    return true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception | LinkageError e) {
                // Not available here (no such command, no desktop support): the next way may be.
            }
        }
        return false;
    }

    static boolean isWebAddress(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (java.net.URISyntaxException | NullPointerException e) {
            return false;
        }
    }

    /** Runs an opener command: it worked when it exits 0, or is still running (the browser itself) after a while. */
    static boolean run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        return !p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS) || p.exitValue() == 0;
    }

    private static boolean desktopBrowse(String url) throws IOException {
        if (GraphicsEnvironment.isHeadless() || !Desktop.isDesktopSupported()
                || !Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
            return false;
        }
        Desktop.getDesktop().browse(URI.create(url));
        return true;
    }
}
