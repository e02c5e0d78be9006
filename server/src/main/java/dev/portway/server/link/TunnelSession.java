// One live tunnel link at the edge: the authenticated channel, its socket, live counters, and stream opening.
package dev.portway.server.link;

import dev.portway.protocol.link.ByteBufToDataFrame;
import dev.portway.protocol.link.GoAwayReason;
import dev.portway.protocol.link.StreamMeta;
import dev.portway.server.live.LiveTunnel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

public final class TunnelSession {
    public static final Duration REFUSED_PENALTY = Duration.ofSeconds(2);
    private final String tunnelId;
    private final String socketId;
    private final String dnsName;
    private final Channel link;
    private final Instant connectedSince = Instant.now();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicInteger openStreams = new AtomicInteger();
    /** Until when (System.nanoTime) new visitors go to other tunnels: the agent's local service refused one. */
    private volatile long refusedUntil = System.nanoTime();
    private volatile boolean draining;
    private final String ownerId;
    private final String agentHost;
    private final String agentVersion;
    private final String localTarget;

    public TunnelSession(String tunnelId, String socketId, String dnsName, Channel link) {
        this(tunnelId, socketId, dnsName, link, null, null, null);
    }

    public TunnelSession(String tunnelId, String socketId, String dnsName, Channel link, String ownerId,
                         String agentHost, String agentVersion) {
        this(tunnelId, socketId, dnsName, link, ownerId, agentHost, agentVersion, null);
    }

    /**
     * ownerId: the user whose socket it serves; agentHost: the machine name its agent said; agentVersion: the
     * program and version its agent said; localTarget: the "HOST:PORT" its agent relays to (all may be null).
     */
    public TunnelSession(String tunnelId, String socketId, String dnsName, Channel link, String ownerId,
                         String agentHost, String agentVersion, String localTarget) {
        this.tunnelId = tunnelId;
        this.socketId = socketId;
        this.dnsName = dnsName;
        this.link = link;
        this.ownerId = ownerId;
        this.agentHost = agentHost;
        this.agentVersion = agentVersion;
        this.localTarget = localTarget;
    }

    /** Where the agent relays visitors to, "HOST:PORT" as it said in its hello; null when it did not say. */
    public String localTarget() {
        return localTarget;
    }

    public String agentVersion() {
        return agentVersion;
    }

    public String ownerId() {
        return ownerId;
    }

    public String agentHost() {
        return agentHost;
    }

    /** "HOST (ADDRESS, since 14:02 UTC)", for people. */
    public String describeAgent() {
        String since = java.time.format.DateTimeFormatter.ofPattern("HH:mm 'UTC'")
                .format(connectedSince.atZone(java.time.ZoneOffset.UTC));
        String address = agentAddress();
        return (agentHost != null ? agentHost + " (" + address + ", " : address + " (") + "since " + since + ")";
    }

    /** How the link stands now, as a record that holds no link: what the API, metrics and events read. */
    public LiveTunnel snapshot() {
        return new LiveTunnel(tunnelId, socketId, dnsName, ownerId, null, agentHost, agentAddress(), agentVersion,
                localTarget, connectedSince, bytesIn(), bytesOut(), openStreams());
    }

    /** The agent's IP address as the edge sees it. */
    public String agentAddress() {
        return link.remoteAddress() instanceof java.net.InetSocketAddress a ? a.getAddress().getHostAddress() : null;
    }

    /**
     * Opens a stream to the agent and sends the metadata HEADERS; the promise completes with the stream once it is
     * open. The handler is installed before any frame from the agent can arrive.
     */
    public Future<Http2StreamChannel> openStream(StreamMeta meta, ChannelHandler handler) {
        Promise<Http2StreamChannel> result = link.eventLoop().newPromise();
        new Http2StreamChannelBootstrap(link).handler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                // The relay reads on demand (back-pressure) and writes plain ByteBufs that leave as DATA frames.
                ch.config().setAutoRead(false);
                ch.pipeline().addLast(ByteBufToDataFrame.INSTANCE);
            }
        }).open().addListener(f -> {
            if (!f.isSuccess()) {
                result.setFailure(f.cause());
                return;
            }
            Http2StreamChannel stream = (Http2StreamChannel) f.getNow();
            openStreams.incrementAndGet();
            stream.closeFuture().addListener(c -> openStreams.decrementAndGet());
            ChannelFuture headers = stream.writeAndFlush(new DefaultHttp2HeadersFrame(meta.toHeaders(), false));
            if (headers.isDone() && !headers.isSuccess()) {
                // Refused at once (the link is closing, too many streams): the visitor is offered to the next
                // tunnel, so this stream must not get the relay that would close the visitor.
                stream.close();
                result.setFailure(headers.cause());
                return;
            }
            // No wait for the write to reach the socket: the visitor's first bytes join the HEADERS in the same
            // TLS record and system call. A later failure means the link is gone, and its streams with it.
            stream.pipeline().addLast(handler);
            result.setSuccess(stream);
        });
        return result;
    }

    /** The agent could not reach its local service: prefer other tunnels for a short while. */
    public void markLocalRefused() {
        refusedUntil = System.nanoTime() + REFUSED_PENALTY.toNanos();
    }

    public boolean refusedRecently() {
        return refusedUntil - System.nanoTime() > 0;
    }

    /** Whether new visitors may be sent here: the link is up and neither end said it is going away. */
    public boolean isOpen() {
        return link.isActive() && !draining;
    }

    /** The agent sent GOAWAY (it is stopping): its streams finish, new visitors go elsewhere. */
    public void markDraining() {
        draining = true;
    }

    /** Tells the agent the server is going away (GOAWAY); streams in flight go on until they end. */
    public void goAway() {
        draining = true;
        link.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
    }

    public void close() {
        link.close();
    }

    /** Closes the link telling the agent why (a GOAWAY carrying the reason), so that it need not guess a restart. */
    public void close(GoAwayReason why) {
        draining = true;
        link.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR, why.encode(link.alloc())));
        link.close();
    }

    public Channel link() {
        return link;
    }

    public String tunnelId() {
        return tunnelId;
    }

    public String socketId() {
        return socketId;
    }

    public String dnsName() {
        return dnsName;
    }

    public Instant connectedSince() {
        return connectedSince;
    }

    /** Bytes from visitors toward the agent. */
    public void addIn(long n) {
        bytesIn.addAndGet(n);
    }

    /** Bytes from the agent toward visitors. */
    public void addOut(long n) {
        bytesOut.addAndGet(n);
    }

    public long bytesIn() {
        return bytesIn.get();
    }

    public long bytesOut() {
        return bytesOut.get();
    }

    public int openStreams() {
        return openStreams.get();
    }
}
