// Slowloris defence on the HTTP front door: a request head must be complete within the header timeout, counted
// from the connection's start and, on a kept-alive connection, from the first byte of each next request.
// Two handlers share the clock: one before the decoder sees bytes, one after it sees decoded heads and ends.
package dev.portway.server.edge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class HeadDeadline {
    private static final Logger LOG = LoggerFactory.getLogger(HeadDeadline.class);
    static final String BYTES = "head-deadline-bytes";
    static final String HEADS = "head-deadline-heads";

    private final Duration timeout;
    private ScheduledFuture<?> timer;
    /** Between requests: the next byte starts a new head, and its clock. */
    private boolean idle;

    private HeadDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    /** Puts the two halves around the decoder named decoderName; the clock starts now. */
    static void install(ChannelPipeline p, String decoderName, Duration timeout) {
        HeadDeadline d = new HeadDeadline(timeout);
        p.addBefore(decoderName, BYTES, d.new Bytes());
        p.addAfter(decoderName, HEADS, d.new Heads());
    }

    /** After an upgrade the connection is no longer HTTP: no more heads to wait for. */
    static void remove(ChannelPipeline p) {
        if (p.get(BYTES) != null) {
            p.remove(BYTES);
        }
        if (p.get(HEADS) != null) {
            p.remove(HEADS);
        }
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        timer = ctx.executor().schedule(() -> {
            LOG.debug("visitor {} sent no complete request head in {} s, closing", ctx.channel().remoteAddress(),
                    timeout.toSeconds());
            ctx.close();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private final class Bytes extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            arm(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (idle && msg instanceof ByteBuf buf && buf.isReadable()) {
                idle = false;
                arm(ctx);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            disarm();
        }
    }

    private final class Heads extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                idle = false;
                disarm();
            }
            if (msg instanceof LastHttpContent) {
                idle = true;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            disarm();
            ctx.fireChannelInactive();
        }
    }
}
