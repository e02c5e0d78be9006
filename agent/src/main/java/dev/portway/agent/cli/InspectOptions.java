// Where connect, an agent or the desktop app serves the local inspector: --inspect-port PORT (default 4040, the next
// free one if taken; 0: any free port) or --no-inspect; and where its saved sets go.
package dev.portway.agent.cli;

import dev.portway.agent.engine.inspect.InspectServer;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

public final class InspectOptions {
    @Option(names = "--inspect-port", paramLabel = "PORT", description = "Serve the inspector (exchanges, replay, "
            + "HAR; a JSON API under /api) on 127.0.0.1:PORT, or the next free port if taken (0: any free port). "
            + "Default: 4040.")
    Integer port;
    @Option(names = "--no-inspect", description = "Serve no inspector.")
    boolean off;

    /** The port to try first; null: no inspector. A bad one is a usage error. */
    public Integer port() {
        return port(null, null);
    }

    /** Whether --inspect-port or --no-inspect was given. */
    public boolean given() {
        return off || port != null;
    }

    /** As port(), where a config's settings (either may be null) stand in for flags not given. */
    Integer port(Boolean configured, Integer configuredPort) {
        if (off && port != null) {
            throw new UsageException("give --inspect-port or --no-inspect, not both");
        }
        if (port != null && (port < 0 || port > 65535)) {
            throw new UsageException("--inspect-port is a port from 0 to 65535, not " + port);
        }
        if (off || port == null && Boolean.FALSE.equals(configured)) {
            return null;
        }
        return port != null ? port : configuredPort != null ? configuredPort : InspectServer.DEFAULT_PORT;
    }

    /**
     * The saved sets' folder: inspect-sets/ in the service's state directory when systemd gives one ($STATE_DIRECTORY,
     * the first if several: under DynamicUser and ProtectSystem=strict nothing else is writable), else beside the
     * settings file (AppDirs: ~/.config/portway/inspect-sets/ on Linux).
     */
    static Path setsDir(Map<String, String> env, Path settingsFile) {
        String state = env.get("STATE_DIRECTORY");
        String first = state == null ? "" : state.split(":", -1)[0].strip();
        return first.isEmpty() ? settingsFile.resolveSibling("inspect-sets") : Path.of(first, "inspect-sets");
    }
}
