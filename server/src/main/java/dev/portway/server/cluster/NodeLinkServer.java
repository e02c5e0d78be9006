// The tunnel port's side of a link from another node: checks the cluster key and the node's certificate, then
// answers the visitor streams that node relays here (HTTP/2 server side, one NodeStreamHandler per stream).
package dev.portway.server.cluster;

import dev.portway.protocol.link.LinkPipeline;
import dev.portway.server.edge.SocketCatalog;
import dev.portway.server.link.NodeLinks;
import dev.portway.server.link.TunnelRegistry;
import dev.portway.server.store.ClusterStore;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

final class NodeLinkServer implements NodeLinks {
    private final byte[] key;
    private final ClusterStore tables;
    private final SocketCatalog catalog;
    private final TunnelRegistry registry;

    NodeLinkServer(String clusterKey, ClusterStore tables, SocketCatalog catalog, TunnelRegistry registry) {
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
        LinkPipeline.answersStreams("from node " + p.channel().remoteAddress())
                .streams(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel ch) {
                        ch.config().setAutoRead(false);
                        ch.pipeline().addLast(new NodeStreamHandler(catalog, registry));
                    }
                })
                .then("end", NodeLinkEnd.INSTANCE)
                .install(p);
    }
}
