// The tunnel port's side of a link from another node: checks the cluster key and the node's certificate, then answers the visitor streams
// that node relays here (HTTP/2 server side, one NodeStreamHandler per stream).
package dev.portway.server.cluster;

import dev.portway.protocol.link.LinkCodec;
import dev.portway.protocol.link.Heartbeat;
import dev.portway.protocol.link.LinkSettings;
import dev.portway.server.edge.SocketCatalog;
import dev.portway.server.link.NodeLinks;
import dev.portway.server.link.TunnelRegistry;
import dev.portway.server.store.ClusterTables;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

final class NodeLinkServer implements NodeLinks {
    private final byte[] key;
    private final ClusterTables tables;
    private final SocketCatalog catalog;
    private final TunnelRegistry registry;

    NodeLinkServer(String clusterKey, ClusterTables tables, SocketCatalog catalog, TunnelRegistry registry) {
        this.key = clusterKey.getBytes(StandardCharsets.UTF_8);
        this.tables = tables;
        this.catalog = catalog;
        this.registry = registry;
    }

    @Override
    public Optional<String> refusal(String credential, String certificateFingerprint) {
        if (credential == null || !MessageDigest.isEqual(key, credential.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of("not this cluster's key");
        }
        if (certificateFingerprint == null) {
            return Optional.of("no client certificate");
        }
        // Read now rather than from the last poll: a node that has just started dials before the others polled.
        boolean published = tables.liveNodes(System.currentTimeMillis()).stream()
                .anyMatch(n -> n.fingerprint().equalsIgnoreCase(certificateFingerprint));
        return published ? Optional.empty() : Optional.of("a certificate no node of this cluster published");
    }

    @Override
    public void upgrade(ChannelPipeline p) {
        p.addLast("h2", LinkCodec.forAgent().build())
                .addLast("idle", new IdleStateHandler(LinkSettings.DEAD_AFTER.toMillis(), 0, 0,
                        TimeUnit.MILLISECONDS))
                .addLast("heartbeat", new Heartbeat(null, "from node " + p.channel().remoteAddress()))
                .addLast("mux", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel ch) {
                        ch.config().setAutoRead(false);
                        ch.pipeline().addLast(new NodeStreamHandler(catalog, registry));
                    }
                }));
        p.remove("hello");
        p.remove("hello-codec");
        p.channel().writeAndFlush(new DefaultHttp2WindowUpdateFrame(LinkSettings.CONNECTION_WINDOW));
    }
}
