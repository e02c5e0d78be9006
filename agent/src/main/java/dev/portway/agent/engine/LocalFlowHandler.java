// One udp flow from the edge: a connected datagram socket toward the local service, so its replies come back on it;
// each datagram of the stream goes out on it, and each reply goes back on the stream. Ends with the stream.
package dev.portway.agent.engine;

import dev.portway.protocol.link.DatagramBuffers;
import dev.portway.protocol.link.DatagramFrames;
import dev.portway.protocol.link.StreamMeta;
import dev.portway.protocol.link.StreamReply;
import dev.portway.protocol.link.WaitingDatagrams;
import dev.portway.protocol.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;

final class LocalFlowHandler extends ChannelInboundHandlerAdapter {
    private final LocalTarget target;
    private final AgentListener listener;
    private final ConnectionTally tally;
    private final DatagramFrames frames = new DatagramFrames();
    /** Datagrams that wait while the local socket is made; more are dropped. */
    private WaitingDatagrams waiting = new WaitingDatagrams();
    private Channel local;
    private boolean wrote;
    private boolean ended;

    LocalFlowHandler(LocalTarget target, TrafficCounters counters, AgentListener listener, StreamMeta meta,
                     Channel stream) {
        this.target = target;
        this.listener = listener;
        this.tally = new ConnectionTally(meta, counters, listener, stream);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Channel stream = ctx.channel();
        DatagramBuffers.options(new Bootstrap().group(stream.eventLoop())
                        .channel(Transports.datagramChannel(stream.eventLoop())))
                .handler(new LocalReplies(stream, tally, listener, target))
                .connect(target.host(), target.port())
                .addListener((ChannelFuture f) -> {
                    if (f.isSuccess()) {
                        connected(ctx, f.channel());
                    } else {
                        failed(ctx, f.cause());
                    }
                });
        // Read all the time: a datagram the local socket cannot take now is dropped, never held.
        stream.config().setAutoRead(true);
        stream.config().setWriteBufferWaterMark(DatagramBuffers.streamWaterMark());
    }

    private void connected(ChannelHandlerContext ctx, Channel local) {
        if (!ctx.channel().isActive()) {
            local.close();
            return;
        }
        this.local = local;
        tally.connected(local);
        local.closeFuture().addListener(f -> ctx.close());
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(StreamReply.connectedReply().toHeaders()));
        WaitingDatagrams before = waiting;
        waiting = null;
        for (ByteBuf datagram = before.poll(); datagram != null; datagram = before.poll()) {
            toLocal(datagram);
        }
        flushLocal();
        if (ended) {
            local.close();
        }
    }

    /** No socket toward the target (an unknown host): the edge hears why and ends the flow. */
    private void failed(ChannelHandlerContext ctx, Throwable cause) {
        String reason = "could not reach " + target + " (" + (cause instanceof java.net.UnknownHostException
                ? "unknown host" : String.valueOf(cause.getMessage())) + ")";
        listener.onLocalService(false, reason);
        tally.failed(reason);
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(StreamReply.failed(reason).toHeaders(), true));
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2DataFrame data) {
            ended |= data.isEndStream();
            frames.read(data.content(), this::toLocal);
        } else if (msg instanceof Http2HeadersFrame headers) {
            ended |= headers.isEndStream();
        } else {
            ReferenceCountUtil.release(msg);
        }
        if (ended && local != null) {
            flushLocal();
            local.close();
        }
    }

    /** Kept (waiting, or queued for the local socket) out of the DATA frame's buffer, which a slice would pin. */
    private void toLocal(ByteBuf datagram) {
        if (local == null) {
            datagram = DatagramBuffers.fit(datagram);
            if (waiting.offer(datagram)) {
                return;
            }
        } else if (local.isWritable()) {
            tally.datagramIn(datagram.readableBytes());
            local.write(DatagramBuffers.fit(datagram));
            wrote = true;
            return;
        }
        datagram.release();
        tally.dropped();
    }

    private void flushLocal() {
        if (wrote) {
            wrote = false;
            local.flush();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (local != null) {
            flushLocal();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Http2ResetFrame) {
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** The edge ended the flow (idle, its visitor gone) or the link is lost: the local socket goes too. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        frames.release();
        if (waiting != null) {
            waiting.release();
        }
        if (local != null) {
            local.close();
        }
        ctx.fireChannelInactive();
    }

    /** Frames that are not datagrams (CorruptedFrameException): the stream is not a flow. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
