// Agents that authenticate and then misbehave on the link: garbage, oversized frames, huge or endless header blocks,
// control-frame floods, streams the agent may not open. Each time the server must close that link, stay up, keep
// its log short, and go on serving the other tunnel.
package dev.portway.agent.reliability;

import static dev.portway.protocol.link.RawFrames.ACK;
import static dev.portway.protocol.link.RawFrames.CONTINUATION;
import static dev.portway.protocol.link.RawFrames.DATA;
import static dev.portway.protocol.link.RawFrames.END_HEADERS;
import static dev.portway.protocol.link.RawFrames.END_STREAM;
import static dev.portway.protocol.link.RawFrames.HEADERS;
import static dev.portway.protocol.link.RawFrames.PING;
import static dev.portway.protocol.link.RawFrames.PRIORITY;
import static dev.portway.protocol.link.RawFrames.RST_STREAM;
import static dev.portway.protocol.link.RawFrames.SETTINGS;
import static dev.portway.protocol.link.RawFrames.WINDOW_UPDATE;
import static dev.portway.protocol.link.RawFrames.frame;
import static dev.portway.protocol.link.RawFrames.repeat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.Origin;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("reliability")
class HostileAgentTest {
    private static final long CLOSED_WITHIN = Duration.ofSeconds(10).toNanos();
    /** A flood stops by itself after this long or this many frames, whichever comes first. */
    private static final long FLOOD_FOR = Duration.ofSeconds(20).toNanos();
    private static final int FLOOD_FRAMES = 5_000_000;

    @TempDir
    static Path dir;
    static Rig rig;
    static Origin origin;
    static Rig.Tunnel good;
    static Rig.Tunnel bad;

    @RegisterExtension
    final Row row = new Row();

    @BeforeAll
    static void start() throws Exception {
        rig = new Rig(dir, "hostile");
        origin = new Origin();
        good = rig.create("http");
        bad = rig.create("http");
        Rig.awaitOnline(rig.agent(good, origin.port()), 0, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    /** Writes frames in batches until the server cuts the link or the flood's bound is reached; frames written. */
    private static long flood(HostileLink link, byte[] one) {
        byte[] batch = repeat(one, Math.max(1, 16 * 1024 / one.length));
        int per = batch.length / one.length;
        long frames = 0;
        long t0 = System.nanoTime();
        try {
            while (frames < FLOOD_FRAMES && System.nanoTime() - t0 < FLOOD_FOR) {
                link.write(batch);
                frames += per;
            }
        } catch (IOException e) {
            link.ended("write failed (" + e.getMessage() + ")");
        }
        return frames;
    }

    /** A visitor of the hostile tunnel's socket, so the server opens a stream on it; waits until it did. */
    private static int streamFromServer(HostileLink link, CompletableFuture<Integer> visitor) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !link.streamsOpenedByServer.isEmpty());
        return link.streamsOpenedByServer.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"garbage", "oversized frame", "huge header block", "CONTINUATION flood", "SETTINGS flood",
        "PING flood", "WINDOW_UPDATE flood", "RST_STREAM flood on an ended stream", "PRIORITY flood",
        "agent opens a stream", "DATA on a stream never opened", "window overflow",
        "RST_STREAM on stream 0"})
    void hostileFramesCloseOnlyThatLink(String variant) throws Exception {
        row.expect("hostile agent: " + variant,
                "the server closes that link within 10 s (a flood: before the flood stops by itself, at 20 s or 5M"
                        + " frames), stays up, logs at most 20 lines for it, and the other tunnel answers 20/20 "
                        + "requests");
        int logMark = rig.server.child.lines.size();
        String credential = rig.api.newCredential(bad.socket().socketId(), bad.tunnelId()).credential();
        CompletableFuture<Integer> visitor = null;
        String detail = "";
        try (HostileLink link = HostileLink.authenticate(rig.server.tunnelPort, bad.tunnelId(), credential)) {
            long t0 = System.nanoTime();
            byte[] settings = frame(SETTINGS, 0, 0, new byte[0]);
            try {
                switch (variant) {
                    case "garbage" -> {
                        link.startReading();
                        byte[] junk = new byte[64 * 1024];
                        new Random(1).nextBytes(junk);
                        link.write(junk);
                    }
                    case "oversized frame" -> {
                        link.startReading();
                        link.write(settings);
                        link.write(frame(DATA, 0, 1, 0xFFFFFF, new byte[64 * 1024]));
                    }
                    case "huge header block", "CONTINUATION flood" -> {
                        link.startReading();
                        link.write(settings);
                        link.write(frame(SETTINGS, ACK, 0, new byte[0]));
                        visitor = CompletableFuture.supplyAsync(() -> rig.status(bad, "/"));
                        int stream = streamFromServer(link, visitor);
                        if (variant.equals("huge header block")) {
                            link.write(frame(HEADERS, 0, stream, new byte[16 * 1024]));
                            try {
                                for (int i = 0; i < 100; i++) {
                                    link.write(frame(CONTINUATION, 0, stream, new byte[16 * 1024]));
                                }
                            } catch (IOException e) {
                                link.ended("write failed (" + e.getMessage() + ")");
                            }
                            detail = "sent up to 1.6 MiB of header block; ";
                        } else {
                            link.write(frame(HEADERS, 0, stream, new byte[]{(byte) 0x88}));
                            long n = flood(link, frame(CONTINUATION, 0, stream, new byte[0]));
                            detail = "wrote " + n + " empty CONTINUATION frames; ";
                        }
                    }
                    case "SETTINGS flood" -> {
                        link.write(settings);
                        long n = flood(link, frame(SETTINGS, 0, 0, new byte[]{0, 4, 0, 0, (byte) 0xff, (byte) 0xff}));
                        detail = "wrote " + n + " SETTINGS frames without reading the ACKs; ";
                    }
                    case "PING flood" -> {
                        link.write(settings);
                        long n = flood(link, frame(PING, 0, 0, new byte[8]));
                        detail = "wrote " + n + " PING frames without reading the ACKs; ";
                    }
                    case "WINDOW_UPDATE flood" -> {
                        // The attack run's case: frames the server never answers, so nothing backs up on it.
                        link.write(settings);
                        long n = flood(link, frame(WINDOW_UPDATE, 0, 0, new byte[]{0, 0, 0, 1}));
                        detail = "wrote " + n + " WINDOW_UPDATE frames; ";
                    }
                    case "RST_STREAM flood on an ended stream" -> {
                        // Resets for a stream already closed are dropped by the codec before any of its counters.
                        link.startReading();
                        link.write(settings);
                        link.write(frame(SETTINGS, ACK, 0, new byte[0]));
                        visitor = CompletableFuture.supplyAsync(() -> rig.status(bad, "/"));
                        int stream = streamFromServer(link, visitor);
                        byte[] cancel = frame(RST_STREAM, 0, stream, new byte[]{0, 0, 0, 8});
                        link.write(cancel);
                        long n = flood(link, cancel);
                        detail = "wrote " + n + " RST_STREAM frames for a stream it had reset; ";
                    }
                    case "PRIORITY flood" -> {
                        link.write(settings);
                        long n = flood(link, frame(PRIORITY, 0, 3, new byte[]{0, 0, 0, 0, 15}));
                        detail = "wrote " + n + " PRIORITY frames; ";
                    }
                    case "agent opens a stream" -> {
                        link.startReading();
                        link.write(settings);
                        link.write(frame(HEADERS, END_HEADERS, 2, new byte[]{(byte) 0x88})); // ":status 200", stream 2
                    }
                    case "DATA on a stream never opened" -> {
                        link.startReading();
                        link.write(settings);
                        link.write(frame(DATA, END_STREAM, 101, new byte[1024]));
                    }
                    case "window overflow" -> {
                        link.startReading();
                        link.write(settings);
                        byte[] max = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
                        link.write(frame(WINDOW_UPDATE, 0, 0, max));
                        link.write(frame(WINDOW_UPDATE, 0, 0, max));
                    }
                    case "RST_STREAM on stream 0" -> {
                        link.startReading();
                        link.write(settings);
                        link.write(frame(RST_STREAM, 0, 0, new byte[4]));
                    }
                    default -> throw new IllegalArgumentException(variant);
                }
            } catch (IOException e) {
                link.ended("write failed (" + e.getMessage() + ")"); // the server cut us off mid-write
            }
            if (!link.ended()) {
                link.startReading(); // a flood's ACKs were left unread: read now to see the end
            }
            long deadline = System.nanoTime() + CLOSED_WITHIN;
            await().atMost(Duration.ofSeconds(12)).until(() -> link.ended() || System.nanoTime() > deadline);
            long closedAfter = link.endedAt - t0;
            Integer hostileVisitor = visitor == null ? null : visitor.get(30, java.util.concurrent.TimeUnit.SECONDS);
            int served = 0;
            for (int i = 0; i < 20; i++) {
                served += rig.status(good, "/hello") == 200 ? 1 : 0;
            }
            boolean alive = rig.server.child.alive();
            int logLines = rig.server.child.lines.size() - logMark;
            row.seen("%slink closed by the server %s after the first bad byte (%s%s)%s; server up: %s; %d log"
                            + " lines; other tunnel answered %d/20", detail,
                    link.ended() ? Rig.ms(closedAfter) : "NOT", link.endedHow,
                    link.goAway == null ? "" : ", " + link.goAway,
                    hostileVisitor == null ? "" : "; its visitor got " + hostileVisitor, alive, logLines, served);
            assertTrue(link.ended(), "the server closed the hostile link");
            assertTrue(alive, "the server is up");
            assertTrue(logLines <= 20, "bounded logging: " + logLines + " lines");
            assertEquals(20, served, "the other tunnel keeps serving");
        }
    }
}
