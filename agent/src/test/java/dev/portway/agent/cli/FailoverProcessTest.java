// Three agents (real processes) on one socket: visitors are spread over them, and when one is killed with
// kill -9 in the middle of 1,000 sequential requests, no request started after the edge noticed fails.
package dev.portway.agent.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.portway.agent.engine.ApiClient;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import dev.portway.server.CliProcess;
import dev.portway.server.PortwayServer;
import dev.portway.server.ServerUnderTest;
import dev.portway.server.TestServers;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class FailoverProcessTest {
    /**
     * Each request is a new visitor connection through cold agent JVMs (20-30 ms each): 250 show the spread over three
     * tunnels, and the 750 after the kill the failover.
     */
    private static final int REQUESTS = 1000;
    private static final int KILL_AT = 250;

    @TempDir
    Path dir;
    private final List<HttpServer> origins = new ArrayList<>();
    private final List<CliProcess> agents = new ArrayList<>();
    private PortwayServer server;
    @RegisterExtension
    final ServerUnderTest servers = new ServerUnderTest();

    @AfterEach
    void stop() {
        agents.forEach(CliProcess::close);
        origins.forEach(o -> o.stop(0));
    }

    /** A local service that answers with its own name, so each answer tells which tunnel carried it. */
    private HttpServer origin(String name) throws Exception {
        HttpServer o = TestServers.origin(ex -> name);
        origins.add(o);
        return o;
    }

    @Test
    void aKilledAgentsVisitorsGoToTheOthers() throws Exception {
        server = servers.start(TestServers.config(dir.resolve("server")));
        ApiClient anonymous = new ApiClient("http://127.0.0.1:" + server.config().apiPort(), null);
        anonymous.signup("fail@example.com", "password1");
        String token = anonymous.login("fail@example.com", "password1").token();
        ApiClient api = anonymous.withToken(token);
        SocketInfo socket = api.createSocket("spread", "http");
        List<String> tunnels = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String tunnelId = api.createTunnel(socket.socketId()).tunnelId();
            tunnels.add(tunnelId);
            agents.add(ProcessTestServers.agent(api.server(), token, dir.resolve("cfg" + i), "tunnel", "connect",
                    "--socket", socket.socketId(), "--tunnel", tunnelId, "--host", "127.0.0.1",
                    "--port", Integer.toString(origin("origin-" + i).getAddress().getPort())));
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> api.tunnels(socket.socketId()).stream()
                .allMatch(t -> TunnelInfo.ONLINE.equals(t.status())));

        int[] servedBefore = new int[3];
        int noticedAt = -1;
        List<String> failedAfterNotice = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        for (int i = 0; i < REQUESTS && System.nanoTime() < deadline; i++) {
            if (i == KILL_AT) {
                agents.get(0).process.destroyForcibly(); // SIGKILL: the agent cannot say goodbye
            }
            if (i >= KILL_AT && noticedAt < 0 && server.registry().session(tunnels.get(0)).isEmpty()) {
                noticedAt = i;
            }
            String answer = visit(socket.dnsName());
            if (i < KILL_AT) {
                assertTrue(answer.startsWith("HTTP/1.1 200") && answer.matches("(?s).*origin-[0-2]"), answer);
                servedBefore[answer.charAt(answer.length() - 1) - '0']++;
            } else if (noticedAt >= 0 && (!answer.startsWith("HTTP/1.1 200") || answer.endsWith("origin-0"))) {
                failedAfterNotice.add(i + ": " + answer.lines().findFirst().orElse(""));
            }
        }
        assertTrue(noticedAt >= KILL_AT, "the edge noticed the killed agent during the run");
        assertEquals(List.of(), failedAfterNotice, "requests started after the kill was noticed all succeed");
        for (int i = 0; i < 3; i++) {
            assertTrue(servedBefore[i] > KILL_AT / 6, "tunnel " + i + " served " + servedBefore[i] + " of the first "
                    + KILL_AT + ": the traffic splits over all tunnels");
        }
    }

    /** One request on its own connection, as separate visitors make them; the whole answer, or the error. */
    private String visit(String dnsName) {
        try (Socket s = new Socket("127.0.0.1", server.config().httpPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + dnsName + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return answer.isEmpty() ? "closed without an answer" : answer;
        } catch (java.io.IOException e) {
            return "failed: " + e;
        }
    }
}
