// A check a request passes before any of its body is read: one it turns away is answered with the API's JSON error
// and the connection closed, and whatever else comes on that connection (the rest of the body) is dropped unread, so
// a refused request is never buffered, never told "100 Continue" and never reaches what would act on it. The close
// lingers: the answer is followed by a FIN and the rest is read and dropped for up to LINGER, since closing with a body
// unread makes the kernel send a reset, which can destroy the answer before the client has read it.
package dev.portway.agent.engine.inspect;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

abstract class RequestGate extends ChannelInboundHandlerAdapter {
    /** How long a refused connection's remaining bytes are read and dropped before it is closed anyway. */
    static final long LINGER_MILLIS = 2000;

    /** Why a request is turned away: its status, code and message. */
    record Refused(HttpResponseStatus status, String code, String message) {
    }

    private boolean refused;

    /** Null: the request may pass. */
    abstract Refused check(HttpRequest req);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest req) {
            Refused r = check(req);
            if (r != null) {
                refused = true;
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(Replies.lastError(r.status(), r.code(), r.message()))
                        .addListener(f -> linger(ctx));
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** After the answer: no more from this side, the rest of the client's bytes dropped, closed by LINGER at most. */
    private static void linger(ChannelHandlerContext ctx) {
        if (ctx.channel() instanceof DuplexChannel duplex) {
            duplex.shutdownOutput();
        }
        ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }
}
