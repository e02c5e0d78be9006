// Relays the agent's bytes to the visitor; turns the agent's "could not reach the local service" into a 502 page.
package dev.portway.server.edge;

import dev.portway.protocol.link.StreamReply;
import dev.portway.protocol.link.StreamToSocketRelay;
import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import java.util.function.LongConsumer;

final class StreamToVisitorRelay extends StreamToSocketRelay {
    private final String host;

    StreamToVisitorRelay(Channel visitor, LongConsumer counter, String host) {
        super(visitor, counter);
        this.host = host;
    }

    @Override
    protected void onHeaders(Http2HeadersFrame headers) {
        StreamReply reply = StreamReply.fromHeaders(headers.headers());
        if (!reply.connected()) {
            socket.write(ErrorPages.localRefused(socket.alloc(), host, reply.error()));
        }
    }
}
