// The HTTP front door's relay to the stream, in the chain HttpEdgeInitializer builds, over a real link to a scripted
// agent (EmbeddedChannels, no network): the stream's metadata and the request as the origin gets it, the answer
// back, no tunnel, a refusal in its turn after the answer before it, a half-close, and a visitor gone mid-answer.
package dev.portway.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.link.StreamMeta;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpRequestDecoder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VisitorToStreamRelayTest {
    private static final InetSocketAddress FROM = new InetSocketAddress("192.0.2.7", 50000);
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private final EdgeRig rig = new EdgeRig().open("app.localhost");
    private FakeTunnel tunnel;
    private final EmbeddedChannel visitor = new EmbeddedChannel() {
        @Override
        protected SocketAddress remoteAddress0() {
            return FROM;
        }
    };

    VisitorToStreamRelayTest() {
        visitor.config().setAutoRead(false);
        visitor.pipeline().addLast("http", new HttpRequestDecoder());
        HttpEdgeInitializer.frontDoor(visitor.pipeline(), "http", rig.edge, "http");
    }

    @AfterEach
    void close() {
        visitor.finishAndReleaseAll();
        if (tunnel != null) {
            tunnel.close();
        }
        rig.close();
    }

    private void online() {
        tunnel = new FakeTunnel(rig.registry, "id-app.localhost", "app.localhost");
    }

    private void send(String bytes) {
        visitor.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
        pump();
    }

    private void pump() {
        if (tunnel != null) {
            tunnel.pump();
        }
        visitor.runPendingTasks();
    }

    @Test
    void aRequestGoesOutOnItsOwnStreamAndTheAnswerComesBack() {
        online();
        send("GET /x HTTP/1.1\r\nHost: app.localhost\r\nAccept: */*\r\n\r\n");
        assertEquals(1, tunnel.streams.size());
        FakeTunnel.AgentStream stream = tunnel.streams.get(0);
        assertEquals(new StreamMeta(StreamMeta.KIND_HTTP, "id-app.localhost", "192.0.2.7:50000", "http"), stream.meta);
        assertEquals("GET /x HTTP/1.1\r\nHost: app.localhost\r\nAccept: */*\r\nX-Forwarded-For: 192.0.2.7\r\n"
                + "X-Forwarded-Proto: http\r\nX-Forwarded-Host: app.localhost\r\n\r\n", stream.received.toString());
        assertSame(tunnel.edgeLink.eventLoop(), visitor.eventLoop(), "the visitor moved onto its link's loop");

        stream.connected(null);
        stream.send(OK, false);
        pump();
        assertEquals(OK, EdgeRig.written(visitor));
        send("GET /y HTTP/1.1\r\nHost: app.localhost\r\n\r\n");
        assertEquals(1, tunnel.streams.size(), "a kept-alive connection stays on its stream");
        assertTrue(stream.received.toString().endsWith("GET /y HTTP/1.1\r\nHost: app.localhost\r\n"
                + "X-Forwarded-For: 192.0.2.7\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: app.localhost\r\n\r\n"));
    }

    @Test
    void noTunnelOnlineIsA502PageAndTheEnd() {
        send("GET / HTTP/1.1\r\nHost: app.localhost\r\n\r\n");
        String page = EdgeRig.written(visitor);
        assertTrue(page.startsWith("HTTP/1.1 502 ") && page.contains("No tunnel online"), page);
        assertFalse(visitor.isOpen());
    }

    @Test
    void aRefusedPipelinedRequestIsAnsweredAfterTheAnswerBeforeIt() {
        online();
        send("GET /1 HTTP/1.1\r\nHost: app.localhost\r\n\r\nGET /2 HTTP/1.1\r\nHost: other.localhost\r\n\r\n");
        FakeTunnel.AgentStream stream = tunnel.streams.get(0);
        assertFalse(stream.received.toString().contains("GET /2"), "the refused request never reaches the origin");
        assertEquals("", EdgeRig.written(visitor), "the refusal waits for the first answer");
        stream.connected(null);
        stream.send(OK, false);
        pump();
        String both = EdgeRig.written(visitor);
        assertTrue(both.startsWith(OK + "HTTP/1.1 421 "), both);
        assertFalse(visitor.isOpen(), "the connection ends after the refusal");
    }

    @Test
    void aHalfCloseEndsTheStreamAfterTheRequestAndTheAnswerStillComes() {
        online();
        send("GET / HTTP/1.1\r\nHost: app.localhost\r\n\r\n");
        visitor.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        pump();
        FakeTunnel.AgentStream stream = tunnel.streams.get(0);
        assertTrue(stream.ended, "END_STREAM after the request");
        assertTrue(stream.received.toString().startsWith("GET / HTTP/1.1\r\n"));
        stream.connected(null);
        stream.send(OK, true);
        pump();
        assertEquals(OK, EdgeRig.written(visitor));
    }

    @Test
    void aVisitorGoneMidAnswerResetsTheStream() {
        online();
        send("GET / HTTP/1.1\r\nHost: app.localhost\r\n\r\n");
        FakeTunnel.AgentStream stream = tunnel.streams.get(0);
        stream.connected(null);
        stream.send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhal", false);
        pump();
        visitor.close();
        pump();
        assertTrue(stream.reset, "the origin stops too");
    }
}
