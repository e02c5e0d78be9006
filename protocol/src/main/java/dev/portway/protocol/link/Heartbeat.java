// Keeps a link honest: closes it when an IdleStateHandler says nothing was read for too long; optionally pings.
package dev.portway.protocol.link;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class Heartbeat extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);
    private final Duration interval;
    private final String name;
    private ScheduledFuture<?> pinger;

    /** interval null: never ping, only watch (the agent answers the edge's pings). */
    Heartbeat(Duration interval, String name) {
        this.interval = interval;
        this.name = name;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (interval == null) {
            return;
        }
        long ms = interval.toMillis();
        pinger = ctx.executor().scheduleAtFixedRate(
                () -> ctx.writeAndFlush(new DefaultHttp2PingFrame(System.nanoTime())), ms, ms,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    private void stop() {
        if (pinger != null) {
            pinger.cancel(false);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            LOG.info("link {} silent too long, closing it", name);
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }
}
