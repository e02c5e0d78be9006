// An agent with a valid credential that misbehaves on its link loses the link, and the server says so in at most one
// short line (not a stack trace per link): an agent that opens a stream of its own, and one that breaks HTTP/2.
package dev.portway.agent.engine;

import static dev.portway.protocol.link.RawFrames.END_HEADERS;
import static dev.portway.protocol.link.RawFrames.HEADERS;
import static dev.portway.protocol.link.RawFrames.PING;
import static dev.portway.protocol.link.RawFrames.SETTINGS;
import static dev.portway.protocol.link.RawFrames.frame;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.portway.agent.reliability.HostileLink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostileLinkTest {
    @TempDir
    Path dir;

    private static HostileLink authenticate(Harness h, Harness.Tunnel t) throws Exception {
        HostileLink link = HostileLink.authenticate(h.server.config().tunnelPort(), t.tunnel().tunnelId(),
                t.tunnel().credential());
        await().atMost(Duration.ofSeconds(5)).until(() -> h.server.registry().size() == 1);
        link.startReading();
        link.write(frame(SETTINGS, 0, 0, new byte[0]));
        return link;
    }

    @Test
    void anAgentToldItIsOnlineIsAlreadyRoutable() throws Exception {
        try (Harness h = Harness.start(dir)) {
            Harness.Tunnel t = h.create();
            for (int i = 0; i < 50; i++) {
                // authenticate() returns as soon as the accepted reply is read: the edge must route to it by then.
                try (HostileLink link = HostileLink.authenticate(h.server.config().tunnelPort(),
                        t.tunnel().tunnelId(), t.tunnel().credential())) {
                    org.junit.jupiter.api.Assertions.assertTrue(h.server.registry().route(t.socket().dnsName())
                            .isPresent(), "hello " + i + ": accepted but not routable yet");
                }
            }
        }
    }

    @Test
    void anAgentThatOpensAStreamLosesItsLink() throws Exception {
        try (Harness h = Harness.start(dir)) {
            Harness.Tunnel t = h.create();
            try (HostileLink link = authenticate(h, t)) {
                link.write(frame(HEADERS, END_HEADERS, 2, new byte[]{(byte) 0x88})); // :status 200, on stream 2
                await().atMost(Duration.ofSeconds(5)).until(link::ended);
                await().atMost(Duration.ofSeconds(5)).until(() -> h.server.registry().size() == 0);
            }
        }
    }

    @Test
    void aLinkThatBreaksTheProtocolIsClosedWithOneShortLine() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        try (Harness h = Harness.start(dir)) {
            Harness.Tunnel t = h.create();
            System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
            try (HostileLink link = authenticate(h, t)) {
                link.write(frame(PING, 0, 7, new byte[]{1, 2, 3, 4, 5, 6, 7, 8})); // PING on stream 7
                await().atMost(Duration.ofSeconds(5)).until(link::ended);
                await().atMost(Duration.ofSeconds(5)).until(() -> h.server.registry().size() == 0);
            } finally {
                System.setErr(stderr);
            }
        }
        String log = logged.toString(StandardCharsets.UTF_8);
        // At most one short line (repeats within a minute are only counted); never a stack trace per link.
        assertFalse(log.contains("exceptionCaught") || log.contains("\tat "), "no stack trace:\n" + log);
    }
}
