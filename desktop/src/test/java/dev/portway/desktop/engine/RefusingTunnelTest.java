// A tunnel whose agent cannot reach its local service is passed over for new visitors while another is online.
package dev.portway.desktop.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.SocketInfo;
import java.nio.file.Path;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefusingTunnelTest {
    @TempDir
    Path dir;

    @Test
    void visitorsGoToTheTunnelWhoseServiceAnswers() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Harness h = Harness.start(dir); Origin origin = new Origin()) {
            SocketInfo socket = h.api.createSocket("two", "http");
            Harness.Tunnel broken = new Harness.Tunnel(socket, h.api.createTunnel(socket.socketId()));
            Harness.Tunnel working = new Harness.Tunnel(socket, h.api.createTunnel(socket.socketId()));
            // New connections each time: every request is a new visitor, routed afresh.
            OkHttpClient client = h.visitor.newBuilder().connectionPool(new okhttp3.ConnectionPool(0, 1,
                    java.util.concurrent.TimeUnit.SECONDS)).retryOnConnectionFailure(false).build();
            try (TunnelAgent a = h.connectAndAwaitOnline(broken, closedPort, new RecordingListener());
                 TunnelAgent b = h.connectAndAwaitOnline(working, origin.port(), new RecordingListener())) {
                int failed = 0;
                for (int i = 0; i < 20; i++) {
                    try (Response r = client.newCall(new Request.Builder().url(h.url(socket, "/hello"))
                            .header("Connection", "close").build()).execute()) {
                        if (r.code() != 200) {
                            assertEquals(502, r.code());
                            failed++;
                        }
                    }
                }
                // Plain round-robin would send every second visitor to the broken tunnel: 10 failures.
                assertTrue(failed <= 1, failed + " of 20 visitors hit the tunnel whose service refused");
            }
        }
    }
}
