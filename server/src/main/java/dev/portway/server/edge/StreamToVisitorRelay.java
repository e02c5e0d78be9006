// Relays the agent's bytes to the visitor; turns the agent's "could not reach the local service" into a 502 page;
// writes the edge's refusal of a later pipelined request once the answers to the requests before it are through.
package dev.portway.server.edge;

import dev.portway.protocol.link.Channels;
import dev.portway.protocol.link.StreamReply;
import dev.portway.protocol.link.StreamToSocketRelay;
import dev.portway.server.link.TunnelSession;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;

final class StreamToVisitorRelay extends StreamToSocketRelay {
    private final String host;
    private final TunnelSession session;
    private final ResponseCounter responses;
    /** The refusal of a request that came after others, waiting for their answers. */
    private ByteBuf refusal;

    StreamToVisitorRelay(Channel visitor, TunnelSession session, String host, ResponseCounter responses) {
        super(visitor, session::addOut);
        this.session = session;
        this.host = host;
        this.responses = responses;
    }

    /**
     * On the stream's loop: the visitor's next request was refused; the page goes out after the origin's answers
     * to the requests before it, then the connection closes. Where those answers cannot be followed to their end
     * (a body that runs until the origin closes, an upgrade), the page is dropped and the origin's end closes.
     */
    void refuseAfterAnswers(ByteBuf page) {
        refusal = page;
        refuseIfAnswered();
    }

    private void refuseIfAnswered() {
        if (refusal != null && responses.allAnswered()) {
            ByteBuf page = refusal;
            refusal = null;
            socket.write(page);
            Channels.closeOnFlush(socket);
        }
    }

    private void dropRefusal() {
        if (refusal != null) {
            refusal.release();
            refusal = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2DataFrame data) {
            responses.scan(data.content());
        }
        super.channelRead(ctx, msg);
        refuseIfAnswered();
    }

    /** A finished response closes the visitor's connection, as the origin's close ended it. */
    @Override
    protected void onEnd() {
        dropRefusal();
        Channels.closeOnFlush(socket);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        dropRefusal();
        super.channelInactive(ctx);
    }

    @Override
    protected void onHeaders(Http2HeadersFrame headers) {
        StreamReply reply = StreamReply.fromHeaders(headers.headers());
        if (!reply.connected()) {
            session.markLocalRefused();
            socket.write(ErrorPages.localRefused(socket.alloc(), host, reply.error()));
            responses.answeredByEdge(502);
        }
    }
}
