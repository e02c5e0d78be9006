// One stream of an HTTP/2 visitor connection, as its child channel: counted against the visitor connection caps
// (over every edge port and per client address, as an HTTP/1.1 connection is; the excess is refused with
// RST_STREAM REFUSED_STREAM), then the HTTP front door of an HTTPS request: frames to request parts, access gate,
// forwarding headers, relay to a tunnel stream of its own.
package dev.portway.server.edge;

import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.net.InetSocketAddress;

final class H2StreamDoor extends ChannelInitializer<Http2StreamChannel> {
    private final Edge edge;
    private final InetSocketAddress remote;
    private final String servedName;

    H2StreamDoor(Edge edge, InetSocketAddress remote, String servedName) {
        this.edge = edge;
        this.remote = remote;
        this.servedName = servedName;
    }

    @Override
    protected void initChannel(Http2StreamChannel ch) {
        if (!edge.cap().count(ch)) {
            ch.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.REFUSED_STREAM));
            return;
        }
        // Reads on demand: the stream's window opens only as its tunnel stream takes the bytes.
        ch.config().setAutoRead(false);
        String ip = remote.getAddress().getHostAddress();
        ch.pipeline().addLast("h2-request", new H2RequestDecoder())
                .addLast("gate", AccessGate.forStream(edge, remote, servedName))
                .addLast("forwarding", new ForwardingHeaders("https", ip))
                .addLast("relay", new H2VisitorRelay(edge.streams(), remote));
    }
}
