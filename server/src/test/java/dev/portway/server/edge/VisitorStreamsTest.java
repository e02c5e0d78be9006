// Where a visitor gets its stream, over real links to scripted agents (EmbeddedChannels): on an online tunnel of
// its socket, with the visitor moved onto that link's loop (and the loop remembered for the next visitor); another
// node's link only when none is here; a tunnel that cannot open the stream is passed for the next; none at all is a
// NoTunnelException.
package dev.portway.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.link.StreamMeta;
import dev.portway.server.link.TunnelRegistry;
import dev.portway.server.link.TunnelSession;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VisitorStreamsTest {
    private static final StreamMeta META = new StreamMeta(StreamMeta.KIND_TCP, "s1", "192.0.2.7:50000", "tcp");

    private final EdgeRig rig = new EdgeRig();
    private final List<FakeTunnel> tunnels = new ArrayList<>();
    private final EmbeddedChannel visitor = new EmbeddedChannel();
    private VisitorStreams.Opened opened;
    private Throwable failure;

    @AfterEach
    void close() {
        visitor.finishAndReleaseAll();
        tunnels.forEach(FakeTunnel::close);
        rig.close();
    }

    private FakeTunnel tunnel(TunnelRegistry registry) {
        FakeTunnel t = new FakeTunnel(registry, "s1", "app.localhost");
        tunnels.add(t);
        return t;
    }

    private void open(VisitorStreams streams) {
        streams.open(visitor, "app.localhost", META, session -> new ChannelInboundHandlerAdapter(), (o, f) -> {
            opened = o;
            failure = f;
        });
        visitor.runPendingTasks();
        tunnels.forEach(FakeTunnel::pump);
    }

    @Test
    void aStreamOnAnOnlineTunnelWithTheVisitorOnItsLinksLoop() {
        FakeTunnel t = tunnel(rig.registry);
        VisitorLoops loops = new VisitorLoops();
        open(new VisitorStreams(rig.registry, rig.metrics, RemoteTunnels.NONE, loops));
        assertNull(failure);
        assertSame(t.session, opened.session());
        assertSame(t.edgeLink.eventLoop(), visitor.eventLoop());
        assertSame(t.edgeLink.eventLoop(), opened.stream().eventLoop());
        assertEquals(META, t.streams.get(0).meta, "the stream's first frame says whose visitor it is");
        assertEquals(1, t.session.openStreams());
    }

    @Test
    void anotherNodesLinkOnlyWhenNoneIsHere() {
        FakeTunnel remote = tunnel(new TunnelRegistry(s -> { }));
        List<Set<TunnelSession>> asked = new ArrayList<>();
        RemoteTunnels nodes = (name, tried) -> {
            asked.add(Set.copyOf(tried));
            return tried.contains(remote.session) ? Optional.empty() : Optional.of(remote.session);
        };
        open(new VisitorStreams(rig.registry, rig.metrics, nodes, new VisitorLoops()));
        assertSame(remote.session, opened.session());
        assertEquals(List.of(Set.of()), asked);
    }

    @Test
    void aTunnelThatCannotOpenTheStreamIsPassedForTheNext() {
        FakeTunnel goingAway = tunnel(rig.registry);
        open(new VisitorStreams(rig.registry, rig.metrics));
        assertSame(goingAway.session, opened.session());
        // The agent said GOAWAY, which the edge has not acted on yet: with a stream still going the link stays up
        // and looks routable, but no new stream opens on it.
        goingAway.agentLink.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
        goingAway.pump();
        assertTrue(goingAway.session.isOpen(), "still offered to visitors");
        FakeTunnel next = tunnel(rig.registry);
        VisitorStreams streams = new VisitorStreams(rig.registry, rig.metrics);
        for (int i = 0; i < 2; i++) { // round-robin: one of the two visitors is offered the going-away link first
            EmbeddedChannel other = new EmbeddedChannel();
            List<Object> got = new ArrayList<>();
            streams.open(other, "app.localhost", META, session -> new ChannelInboundHandlerAdapter(),
                    (o, f) -> got.add(f == null ? o.session() : f));
            other.runPendingTasks();
            tunnels.forEach(FakeTunnel::pump);
            assertEquals(List.of(next.session), got);
            other.finishAndReleaseAll();
        }
        assertEquals(1, goingAway.streams.size(), "only the stream before its GOAWAY");
    }

    @Test
    void noTunnelAtAllIsANoTunnelException() {
        open(new VisitorStreams(rig.registry, rig.metrics));
        assertNull(opened);
        assertInstanceOf(VisitorStreams.NoTunnelException.class, failure);
        assertNotNull(failure.getMessage());
        assertTrue(visitor.isOpen(), "the caller answers the visitor");
    }
}
