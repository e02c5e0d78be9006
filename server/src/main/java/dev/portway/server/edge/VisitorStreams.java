// The one place where a visitor gets a stream on a tunnel, for the HTTP, TCP, TLS and UDP front doors alike.
package dev.portway.server.edge;

import dev.portway.protocol.link.StreamMeta;
import dev.portway.server.link.TunnelRegistry;
import dev.portway.server.link.TunnelSession;
import dev.portway.server.metrics.ServerMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class VisitorStreams {
    private static final Logger LOG = LoggerFactory.getLogger(VisitorStreams.class);

    private final TunnelRegistry registry;
    private final ServerMetrics metrics;
    private final RemoteTunnels remote;
    private final VisitorLoops loops;

    public VisitorStreams(TunnelRegistry registry, ServerMetrics metrics) {
        this(registry, metrics, RemoteTunnels.NONE, new VisitorLoops());
    }

    /**
     * remote: the links other nodes hold, tried when no link of the socket is here; loops: told where each
     * visitor went, so the next one can start there.
     */
    public VisitorStreams(TunnelRegistry registry, ServerMetrics metrics, RemoteTunnels remote, VisitorLoops loops) {
        this.registry = registry;
        this.metrics = metrics;
        this.remote = remote;
        this.loops = loops;
    }

    /** Where every front door counts its visitors and answers. */
    ServerMetrics metrics() {
        return metrics;
    }

    /** A stream a visitor got, and the tunnel it runs on. */
    public record Opened(TunnelSession session, Http2StreamChannel stream) {
    }

    /** No online tunnel of the socket could take the visitor. */
    public static final class NoTunnelException extends Exception {
        NoTunnelException(String dnsName) {
            super("no tunnel online for " + dnsName, null, false, false);
        }
    }

    /**
     * Opens a stream for the visitor on one of the socket's online tunnels and moves the visitor onto that link's
     * event loop, so every byte of the relay stays on one thread. When a tunnel cannot open the stream (its link
     * is closing, the stream is refused), the next online tunnel is tried before giving up. {@code done} runs on
     * the visitor's event loop with the stream, or with a NoTunnelException.
     */
    public void open(Channel visitor, String dnsName, StreamMeta meta,
                     Function<TunnelSession, ChannelHandler> streamHandler, BiConsumer<Opened, Throwable> done) {
        new Attempt(visitor, dnsName, meta, streamHandler, done).next();
    }

    /**
     * As open, for a visitor with no channel of its own to move: a stream of a visitor's HTTP/2 connection (it shares
     * the connection's loop), a udp flow (it shares its port's channel). The relay may cross loops; {@code done} runs
     * on the link's loop (or here, when no tunnel is online).
     */
    public void openInPlace(String dnsName, StreamMeta meta, Function<TunnelSession, ChannelHandler> streamHandler,
                     BiConsumer<Opened, Throwable> done) {
        new Attempt(null, dnsName, meta, streamHandler, done).next();
    }

    private final class Attempt {
        private final Channel visitor;
        private final String dnsName;
        private final StreamMeta meta;
        private final Function<TunnelSession, ChannelHandler> streamHandler;
        private final BiConsumer<Opened, Throwable> done;
        private final Set<TunnelSession> tried = new HashSet<>();

        Attempt(Channel visitor, String dnsName, StreamMeta meta, Function<TunnelSession, ChannelHandler> handler,
                BiConsumer<Opened, Throwable> done) {
            this.visitor = visitor;
            this.dnsName = dnsName;
            this.meta = meta;
            this.streamHandler = handler;
            this.done = done;
        }

        void next() {
            Optional<TunnelSession> route = registry.route(dnsName, tried);
            if (route.isEmpty()) {
                route = remote.route(dnsName, tried);
            }
            if (route.isEmpty()) {
                done.accept(null, new NoTunnelException(dnsName));
                return;
            }
            TunnelSession session = route.get();
            tried.add(session);
            loops.tookVisitor(session.link().eventLoop());
            moveTo(session.link().eventLoop(), () -> session.openStream(meta, streamHandler.apply(session))
                    .addListener(f -> {
                        if (f.isSuccess()) {
                            done.accept(new Opened(session, (Http2StreamChannel) f.getNow()), null);
                        } else {
                            LOG.debug("stream to tunnel {} failed, trying the next: {}", session.tunnelId(),
                                    f.cause().toString());
                            next();
                        }
                    }));
        }

        /** The visitor was closed between loops: no inactive event comes, so the caller hears it here. */
        private void lost(Throwable cause) {
            visitor.close();
            done.accept(null, cause);
        }

        /** Re-registers the visitor on the link's loop (a no-op when it is there already or stays), then runs then. */
        private void moveTo(EventLoop linkLoop, Runnable then) {
            if (visitor == null || visitor.eventLoop() == linkLoop) {
                then.run();
                return;
            }
            visitor.deregister().addListener(d -> {
                if (!d.isSuccess()) {
                    lost(d.cause());
                    return;
                }
                linkLoop.register(visitor).addListener(r -> {
                    if (r.isSuccess()) {
                        then.run();
                    } else {
                        lost(r.cause());
                    }
                });
            });
        }
    }
}
