// Relays a tunnel stream to a tcp or tls visitor; when the agent could not reach its local service, the visitor
// is closed and the tunnel passed over for a while.
package dev.portway.server.edge;

import dev.portway.protocol.link.StreamReply;
import dev.portway.protocol.link.StreamToSocketRelay;
import dev.portway.server.link.TunnelSession;
import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2HeadersFrame;

final class RawStreamRelay extends StreamToSocketRelay {
    private final TunnelSession session;

    RawStreamRelay(Channel visitor, TunnelSession session) {
        super(visitor, session::addOut);
        this.session = session;
    }

    @Override
    protected void onHeaders(Http2HeadersFrame headers) {
        StreamReply reply = StreamReply.fromHeaders(headers.headers());
        if (!reply.connected()) {
            session.markLocalRefused();
            socket.close();
        }
    }
}
