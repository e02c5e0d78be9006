// Starts real servers for tests: temporary data dir, free ports on loopback.
package dev.portway.server;

import java.nio.file.Path;
import java.time.Duration;

public final class TestServers {
    private TestServers() {
    }

    public static ServerConfig config(Path dataDir) {
        return new ServerConfig(dataDir, "localhost", "127.0.0.1", 0, 0, 0, 0, "20000-20999", true,
                Duration.ofSeconds(5), Duration.ofSeconds(15));
    }

    public static PortwayServer start(Path dataDir) throws StartupException {
        return PortwayServer.start(config(dataDir));
    }
}
