// For tests that need an origin speaking raw bytes (RawOrigin): a fresh server for each test, one socket, the origin
// behind it and an agent online for it; the test says how the origin answers.
package dev.portway.agent.engine;

import dev.portway.protocol.api.SocketInfo;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

abstract class RawOriginTunnelFixture {
    @TempDir
    Path dir;
    Harness h;
    RawOrigin origin;
    TunnelAgent agent;
    SocketInfo socket;
    private final String originName;

    RawOriginTunnelFixture(String originName) {
        this.originName = originName;
    }

    /** Serves one origin connection, and closes it. */
    abstract void answer(Socket c);

    @BeforeEach
    void start() throws Exception {
        h = Harness.start(dir);
        origin = new RawOrigin(originName, this::answer);
        Harness.Tunnel tunnel = h.create();
        socket = tunnel.socket();
        agent = h.connectAndAwaitOnline(tunnel, origin.port(), new RecordingListener());
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
        origin.close();
        h.close();
    }
}
