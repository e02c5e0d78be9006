// Assembles a visitor connection's pipeline on a tcp or tls socket's dedicated port: one raw front door.
package dev.portway.server.edge;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

public final class RawEdgeInitializer extends ChannelInitializer<SocketChannel> {
    private final SocketCatalog catalog;
    private final VisitorStreams streams;
    private final ConnectionCap cap;

    public RawEdgeInitializer(SocketCatalog catalog, VisitorStreams streams, ConnectionCap cap) {
        this.catalog = catalog;
        this.streams = streams;
        this.cap = cap;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (!cap.admit(ch)) {
            return;
        }
        var socket = catalog.byPort(ch.localAddress().getPort());
        if (socket.isEmpty()) {
            ch.close(); // deleted a moment ago; its listener is closing
            return;
        }
        ch.pipeline().addLast("front", new RawVisitorHandler(socket.get(), streams));
    }
}
