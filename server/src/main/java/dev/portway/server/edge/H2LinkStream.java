// The tunnel stream of one HTTP/2 visitor stream, on its link's loop: the agent's frames as bytes (H2LinkFrames),
// the origin's HTTP/1.1 answer parsed from them (H2ResponseDecoder), and that answer written to the visitor's
// stream as HTTP/2 frames (H2ResponseRelay).
package dev.portway.server.edge;

import dev.portway.server.link.TunnelSession;
import dev.portway.server.metrics.ServerMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpMethod;

final class H2LinkStream extends ChannelInitializer<Channel> {
    private final Channel visitor;
    private final TunnelSession session;
    private final String host;
    private final HttpMethod method;
    private final ServerMetrics metrics;

    H2LinkStream(Channel visitor, TunnelSession session, String host, HttpMethod method, ServerMetrics metrics) {
        this.visitor = visitor;
        this.session = session;
        this.host = host;
        this.method = method;
        this.metrics = metrics;
    }

    @Override
    protected void initChannel(Channel stream) {
        H2ResponseRelay relay = new H2ResponseRelay(visitor, host, metrics);
        stream.pipeline().addLast("h2-link-frames", new H2LinkFrames(session, relay))
                .addLast("h2-answer", new H2ResponseDecoder(HttpMethod.HEAD.equals(method)))
                .addLast("h2-relay", relay);
    }
}
