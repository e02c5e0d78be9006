// The pipeline's last handler: a request that failed where nothing expected it (a bug, a malformed escape a decoder
// threw on) is answered 500 {"error":{"code":"internal"}} and its connection closed, never left hanging.
package dev.portway.agent.engine.inspect;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;

final class Failures extends ChannelInboundHandlerAdapter {
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || !ctx.channel().isActive()) {
            ctx.close(); // the connection itself failed (a reset): nobody to answer
            return;
        }
        Replies.error(ctx, false, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal",
                "the inspector failed on this request: " + cause);
    }
}
