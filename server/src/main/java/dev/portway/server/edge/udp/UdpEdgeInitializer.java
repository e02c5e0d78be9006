// Assembles the pipeline of a udp socket's port: one flow table, which admits visitors and relays their flows.
package dev.portway.server.edge.udp;

import dev.portway.server.config.UdpLimits;
import dev.portway.server.edge.SocketCatalog;
import dev.portway.server.edge.VisitorStreams;
import dev.portway.server.metrics.ServerMetrics;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DatagramChannel;

public final class UdpEdgeInitializer extends ChannelInitializer<DatagramChannel> {
    private final UdpEdge edge;

    public UdpEdgeInitializer(SocketCatalog catalog, VisitorStreams streams, ServerMetrics metrics, UdpLimits limits) {
        this.edge = new UdpEdge(catalog, streams, metrics, limits);
    }

    @Override
    protected void initChannel(DatagramChannel ch) {
        ch.pipeline().addLast("flows", new UdpFlowTable(edge));
    }
}
