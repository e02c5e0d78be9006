// What the command-line process tests run against: a server with every port on loopback and ephemeral (TCP sockets
// from 20000-20999, open signup), and the agent's command in its own JVM.
package dev.portway.agent.cli;

import dev.portway.server.CliProcess;
import dev.portway.server.TestServers;
import dev.portway.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

final class ProcessTestServers {
    private ProcessTestServers() {
    }

    /** The server's configuration, its data under dir/server. */
    static ServerConfig config(Path dir) {
        return TestServers.config(dir.resolve("server"));
    }

    /** Starts "portway ARGS" against the server with the token, in its own JVM; its config lives under configHome. */
    static CliProcess agent(String serverUrl, String token, Path configHome, String... args) throws IOException {
        return CliProcess.java(Main.class, Map.of("PORTWAY_SERVER", serverUrl, "PORTWAY_TOKEN", token,
                "XDG_CONFIG_HOME", configHome.toString()), args);
    }
}
