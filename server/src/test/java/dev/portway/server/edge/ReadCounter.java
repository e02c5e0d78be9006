// Counts the read() calls that reach a visitor's socket: the edge handlers that hold a visitor's reads (the access gate
// while it checks, the upgrade watch while it waits) are tested by what gets through.
package dev.portway.server.edge;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;

@ChannelHandler.Sharable
final class ReadCounter extends ChannelOutboundHandlerAdapter {
    private int reads;

    /** Makes ch read only when asked, as every visitor's channel does, and counts the asks at its socket end. */
    EmbeddedChannel onDemand(EmbeddedChannel ch) {
        ch.config().setAutoRead(false);
        ch.pipeline().addFirst(this);
        return ch;
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        reads++;
        ctx.read();
    }

    /** read() calls that reached the socket so far. */
    int count() {
        return reads;
    }
}
