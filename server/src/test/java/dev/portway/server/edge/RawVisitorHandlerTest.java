// A tcp or tls socket's front door alone, over a real link to a scripted agent (EmbeddedChannels): an address off
// the allow list or no tunnel online is closed at once; bytes that came before the stream opened go first, then the
// door steps aside for the plain relay; a FIN that came meanwhile follows them.
package dev.portway.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.link.SocketToStreamRelay;
import dev.portway.protocol.link.StreamMeta;
import dev.portway.server.store.SocketRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RawVisitorHandlerTest {
    private static final InetSocketAddress FROM = new InetSocketAddress("192.0.2.7", 50000);
    private static final EdgeSocket SSH = EdgeSocket.of(SocketRecord.open("s1", "u1", "ssh", "ssh.localhost", "tcp",
            20001, "now"));

    private final EdgeRig rig = new EdgeRig();
    private FakeTunnel tunnel;
    private EmbeddedChannel visitor;

    @AfterEach
    void close() {
        if (visitor != null) {
            visitor.finishAndReleaseAll();
        }
        if (tunnel != null) {
            tunnel.close();
        }
        rig.close();
    }

    private EmbeddedChannel visitor(EdgeSocket socket) {
        visitor = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return FROM;
            }
        };
        visitor.config().setAutoRead(false);
        visitor.pipeline().addLast("front", new RawVisitorHandler(socket, rig.streams));
        return visitor;
    }

    private void pump() {
        if (tunnel != null) {
            tunnel.pump();
        }
        visitor.runPendingTasks();
    }

    @Test
    void anAddressOffTheAllowListIsClosedWithoutAStream() {
        tunnel = new FakeTunnel(rig.registry, "s1", "ssh.localhost");
        EdgeSocket listed = EdgeSocket.of(new SocketRecord("s1", "u1", "ssh", "ssh.localhost", "tcp", 20001, false,
                null, null, List.of("10.0.0.0/8"), "now"));
        visitor(listed);
        pump();
        assertFalse(visitor.isOpen());
        assertTrue(tunnel.streams.isEmpty());
    }

    @Test
    void noTunnelOnlineClosesAtOnce() {
        visitor(SSH);
        assertFalse(visitor.isOpen(), "closed as it connects");
        assertNull(visitor.readOutbound(), "nothing is said: it is not HTTP");
    }

    @Test
    void earlyBytesGoFirstThenThePlainRelayTakesOverAndAnEarlyFinFollows() {
        tunnel = new FakeTunnel(rig.registry, "s1", "ssh.localhost");
        visitor(SSH);
        visitor.pipeline().fireChannelRead(Unpooled.copiedBuffer("SSH-2.0-x\r\n", StandardCharsets.US_ASCII));
        visitor.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        pump();
        FakeTunnel.AgentStream stream = tunnel.streams.get(0);
        assertEquals(new StreamMeta("tcp", "s1", "192.0.2.7:50000", "tcp"), stream.meta);
        assertEquals("SSH-2.0-x\r\n", stream.received.toString());
        assertTrue(stream.ended, "the visitor's FIN follows its bytes");
        assertNull(visitor.pipeline().get(RawVisitorHandler.class), "the door stepped aside");
        assertInstanceOf(SocketToStreamRelay.class, visitor.pipeline().get("relay"));

        stream.connected(null);
        stream.send("SSH-2.0-server\r\n", false);
        pump();
        ByteBuf back = visitor.readOutbound();
        assertEquals("SSH-2.0-server\r\n", back.toString(StandardCharsets.US_ASCII));
        back.release();
    }

    @Test
    void theAgentsRefusalClosesTheVisitorAndPassesTheTunnelOver() {
        tunnel = new FakeTunnel(rig.registry, "s1", "ssh.localhost");
        visitor(SSH);
        pump();
        tunnel.streams.get(0).connected("connection refused");
        pump();
        assertFalse(visitor.isOpen());
        assertTrue(tunnel.session.refusedRecently());
    }
}
