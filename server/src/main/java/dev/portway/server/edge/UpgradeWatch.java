// Watches a visitor's requests for a protocol upgrade: only a WebSocket may ask (Upgrades strips any other), and once
// its request is sent the connection's reads are held until the origin's answer to that request, as the response
// scanner (ResponseCounter) finds it, decides. A 101 turns the connection into raw bytes: the HTTP handlers step
// aside; any other answer lets the next request through as HTTP, with its Host check and forwarding headers.
package dev.portway.server.edge;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

final class UpgradeWatch extends ChannelDuplexHandler {
    private final ResponseCounter responses;
    /** The request being passed on asks for a WebSocket. */
    private boolean upgrading;
    /** Its request is sent: reads wait for the origin's answer to it. */
    private boolean awaiting;
    /** A read was asked for while waiting. */
    private boolean readWanted;

    UpgradeWatch(ResponseCounter responses) {
        this.responses = responses;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof AdmittedRequest admitted) {
            upgrading = Upgrades.keepWebSocketOnly(admitted.head().headers());
            responses.asked(admitted.head().method(), upgrading);
        }
        ctx.fireChannelRead(msg);
        if (upgrading && msg instanceof LastHttpContent) {
            upgrading = false;
            awaiting = true;
            responses.expectUpgrade(accepted -> decided(ctx, accepted));
        }
    }

    private void decided(ChannelHandlerContext ctx, boolean accepted) {
        awaiting = false;
        if (accepted) {
            rawFromNowOn(ctx.pipeline());
        }
        if (readWanted) {
            readWanted = false;
            ctx.channel().read();
        }
    }

    /** What the decoder still holds goes on as bytes, past the HTTP handlers that no longer apply. */
    private void rawFromNowOn(ChannelPipeline p) {
        for (Class<? extends ChannelHandler> http : List.of(AccessGate.class, ForwardingHeaders.class)) {
            if (p.get(http) != null) {
                p.remove(http);
            }
        }
        p.remove(this);
        HeadDeadline.remove(p);
        p.remove(HttpRequestDecoder.class);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (awaiting) {
            readWanted = true;
        } else {
            ctx.read();
        }
    }
}
