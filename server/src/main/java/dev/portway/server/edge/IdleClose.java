// Closes an HTTP visitor connection that moved no bytes either way for the idle timeout (IdleStateHandler's
// ALL_IDLE event), so kept-alive and abandoned connections do not pile up.
package dev.portway.server.edge;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

@ChannelHandler.Sharable
final class IdleClose extends ChannelInboundHandlerAdapter {
    static final IdleClose INSTANCE = new IdleClose();

    private IdleClose() {
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent e && e.state() == IdleState.ALL_IDLE) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }
}
