// Guessing tunnel credentials on the tunnel port: past the limit an address is told to wait, even with a right
// credential, and its agent keeps retrying instead of giving up; the refusals do not make a log line each.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.reliability.AttackCase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import dev.portway.protocol.api.ServerInfo;
import dev.portway.server.security.Limits;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TunnelCredentialGuessingTest {
    @TempDir
    Path dir;

    @Test
    @AttackCase(value = "log flood: refused tunnel credentials",
            expected = "an address guessing credentials is slowed down and its refusals make one log line per code "
                    + "and minute")
    void anAddressThatKeepsGuessingWaits() throws Exception {
        try (Harness h = Harness.start(dir)) {
            Harness.Tunnel t = h.create();
            ServerInfo info = h.api.serverInfo();
            PrintStream saved = System.err;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                for (int i = 0; i < Limits.TUNNEL_FAILURES_PER_ADDRESS; i++) {
                    RecordingListener guess = new RecordingListener();
                    try (TunnelAgent agent = new TunnelAgent(new TunnelAgent.LinkEndpoint("127.0.0.1",
                            info.tunnelPort(), info.tunnelFingerprint(), t.tunnel().tunnelId(), "pwc_guess" + i),
                            new LocalTarget("127.0.0.1", 9), guess)) {
                        agent.start();
                        await().atMost(Duration.ofSeconds(20)).until(() -> guess.status == AgentStatus.ERROR);
                    }
                }
            } finally {
                System.setErr(saved);
            }
            long logged = err.toString(StandardCharsets.UTF_8).lines()
                    .filter(l -> l.contains("link from ") && l.contains(" refused: ")).count();
            assertTrue(logged <= 1, Limits.TUNNEL_FAILURES_PER_ADDRESS + " refused credentials logged " + logged
                    + " lines:\n" + err);
            RecordingListener owner = new RecordingListener();
            try (TunnelAgent agent = h.connect(t, 9, owner)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> owner.status == AgentStatus.RETRYING);
                assertTrue(owner.detail.contains("too many refused tunnel credentials"), owner.detail);
                assertTrue(!owner.statuses.contains(AgentStatus.ONLINE) && !owner.statuses.contains(AgentStatus.ERROR),
                        "waiting is not a permanent refusal: " + owner.statuses);
            }
        }
    }
}
