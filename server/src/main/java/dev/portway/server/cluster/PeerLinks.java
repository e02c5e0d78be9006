// This node's links to the other nodes of the cluster: one TLS + HTTP/2 connection each, on their tunnel ports,
// opened as nodes appear in the store and dropped as they leave it. Visitors relayed to a node ride its link.
package dev.portway.server.cluster;

import dev.portway.protocol.Version;
import dev.portway.protocol.link.Hello;
import dev.portway.protocol.link.HelloCodec;
import dev.portway.protocol.link.HelloReply;
import dev.portway.protocol.link.LinkPipeline;
import dev.portway.protocol.link.LinkSettings;
import dev.portway.protocol.transport.Transports;
import dev.portway.server.log.LogThrottle;
import dev.portway.server.security.TlsMaterial;
import dev.portway.server.store.ClusterStore;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.FingerprintTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class PeerLinks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLinks.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;
    /** A node that keeps refusing (another cluster's key, a changed certificate) is retried every poll. */
    private static final LogThrottle REFUSED = new LogThrottle(java.time.Duration.ofMinutes(1));

    private final EventLoopGroup group;
    private final String selfId;
    private final String clusterKey;
    /** This node's key and certificate, read once: a node that is down is redialled every poll. */
    private final KeyManagerFactory keys;
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** One other node: what the store says about it, and the link to it (ready once its hello was accepted). */
    private static final class Peer {
        final ClusterStore.Node node;
        final Channel channel;
        volatile boolean ready;

        Peer(ClusterStore.Node node, Channel channel) {
            this.node = node;
            this.channel = channel;
        }
    }

    PeerLinks(EventLoopGroup group, String selfId, String clusterKey, TlsMaterial tls) throws IOException {
        this.group = group;
        this.selfId = selfId;
        this.clusterKey = clusterKey;
        try {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(tls.keyStore(), TlsMaterial.KEY_STORE_PASSWORD.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the node's key: " + e.getMessage(), e);
        }
    }

    /** Links every live node that has none (or whose link broke or moved), and drops those no longer live. */
    void update(List<ClusterStore.Node> live) {
        if (closed) {
            return;
        }
        Set<String> ids = live.stream().map(ClusterStore.Node::nodeId).collect(Collectors.toSet());
        peers.entrySet().removeIf(e -> {
            if (ids.contains(e.getKey())) {
                return false;
            }
            e.getValue().channel.close();
            return true;
        });
        for (ClusterStore.Node node : live) {
            if (node.nodeId().equals(selfId)) {
                continue;
            }
            Peer peer = peers.get(node.nodeId());
            if (peer == null || !peer.node.equals(node) || !peer.channel.isOpen()) {
                if (peer != null) {
                    peer.channel.close();
                }
                connect(node);
            }
        }
    }

    /** The node's link, if it is up and its hello was accepted. */
    Optional<Channel> link(String nodeId) {
        Peer peer = peers.get(nodeId);
        return peer != null && peer.ready && peer.channel.isActive() ? Optional.of(peer.channel) : Optional.empty();
    }

    private void connect(ClusterStore.Node node) {
        SslContext ssl;
        try {
            // Mutual: the peer proves itself by the certificate it published in the store; this node by its own
            // certificate, which the peer finds among the published ones, and by the cluster key in its hello.
            // The fingerprint is the whole check: no host name is verified (Netty 4.2 would by default).
            ssl = SslContextBuilder.forClient().trustManager(FingerprintTrustManagerFactory.builder("SHA-256")
                    .fingerprints(node.fingerprint()).build())
                    .endpointIdentificationAlgorithm(null)
                    .keyManager(keys).build();
        } catch (SSLException | RuntimeException e) {
            LOG.warn("cannot link node {}: {}", node.nodeId(), e.toString());
            return;
        }
        Bootstrap b = new Bootstrap().group(group).channel(Transports.socketChannel(group))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.RCVBUF_ALLOCATOR, LinkSettings.recvAllocator());
        b.handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc(), node.address(), node.tunnelPort()))
                        .addLast(LinkPipeline.HELLO_CODEC, new HelloCodec())
                        .addLast(LinkPipeline.HELLO, new HelloClient(node));
            }
        });
        Channel ch = b.connect(node.address(), node.tunnelPort()).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.debug("cannot reach node {} at {}:{}: {}", node.nodeId(), node.address(), node.tunnelPort(),
                        f.cause().toString());
            }
        }).channel();
        peers.put(node.nodeId(), new Peer(node, ch));
    }

    /** Sends the node hello; once accepted the link becomes HTTP/2 with this node opening the streams. */
    private final class HelloClient extends ChannelInboundHandlerAdapter {
        private final ClusterStore.Node node;

        HelloClient(ClusterStore.Node node) {
            this.node = node;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(new Hello(Version.LINK_PROTOCOL, null, clusterKey, "portway-node/" + Version.PRODUCT,
                    selfId, Hello.KIND_NODE));
            ctx.executor().schedule(() -> {
                if (ctx.pipeline().get(LinkPipeline.HELLO) != null) {
                    ctx.close();
                }
            }, LinkSettings.DEAD_AFTER.toMillis(), TimeUnit.MILLISECONDS);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HelloReply reply) || !reply.ok()) {
                String why = msg instanceof HelloReply r ? r.message() : "not a hello reply";
                REFUSED.hit(n -> LOG.warn("node {} refused this node's link: {}{}", node.nodeId(), why,
                        n > 1 ? " (and " + (n - 1) + " more refusals in the last minute)" : ""));
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            LinkPipeline.opensStreams("to node " + node.nodeId()).streams(new RefuseStreams())
                    .then("end", NodeLinkEnd.INSTANCE)
                    .install(ctx.pipeline());
            Peer peer = peers.get(node.nodeId());
            if (peer != null && peer.channel == ctx.channel()) {
                peer.ready = true;
            }
            LOG.info("linked node {} at {}:{}", node.nodeId(), node.address(), node.tunnelPort());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            REFUSED.hit(n -> LOG.warn("link to node {} failed: {}{}", node.nodeId(), cause.toString(),
                    n > 1 ? " (and " + (n - 1) + " more failures in the last minute)" : ""));
            ctx.close();
        }
    }

    /** The other node answers streams, it never opens them. */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class RefuseStreams extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        peers.values().forEach(p -> p.channel.close());
        peers.clear();
    }
}
