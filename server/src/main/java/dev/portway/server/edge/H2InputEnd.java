// Closes an HTTP/2 visitor connection whose input ended (FIN, or TLS close_notify): unlike an HTTP/1.1 visitor that
// half-closes after its request, an HTTP/2 client ends with GOAWAY, and one that went silent reads no more answers.
// Closing resets its streams, and with them their tunnel streams, instead of holding them until the idle timeout.
package dev.portway.server.edge;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;

@ChannelHandler.Sharable
final class H2InputEnd extends ChannelInboundHandlerAdapter {
    static final H2InputEnd INSTANCE = new H2InputEnd();

    private H2InputEnd() {
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }
}
