// For end-to-end tests through the edge to the HTTP test origin: a fresh server and origin for each test, and
// whatever a test starts (agents, launchers) in cleanup, closed before them.
package dev.portway.agent.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

abstract class OriginTunnelFixture {
    @TempDir
    Path dir;
    Harness h;
    Origin origin;
    final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        h = Harness.start(dir);
        origin = new Origin();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        origin.close();
        h.close();
    }
}
