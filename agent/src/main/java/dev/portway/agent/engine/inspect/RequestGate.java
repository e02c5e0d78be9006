// A check a request passes before any of its body is read: one it turns away is answered with the API's JSON error
// and the connection closed, and whatever else comes on that connection (the rest of the body) is dropped unread, so
// a refused request is never buffered, never told "100 Continue" and never reaches what would act on it.
package dev.portway.agent.engine.inspect;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;

abstract class RequestGate extends ChannelInboundHandlerAdapter {
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
                Replies.error(ctx, false, r.status(), r.code(), r.message());
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
