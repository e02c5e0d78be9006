// A visitor connection's front door: starts once, when the connection is active, whether the door was put in
// the pipeline before that (a listener's initializer) or after (the SNI router handing over). A duplex handler, so
// that a door may hold the reads asked by the handlers after it.
package dev.portway.server.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;

abstract class FrontDoor extends ChannelDuplexHandler {
    private boolean started;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            begin(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        begin(ctx);
        ctx.fireChannelActive();
    }

    private void begin(ChannelHandlerContext ctx) {
        if (!started) {
            started = true;
            start(ctx);
        }
    }

    /** The visitor is connected: admit it, or start reading its first request. */
    protected abstract void start(ChannelHandlerContext ctx);
}
