// One visitor stream's hold on a connection to the local HTTP service, new or from the OriginPool: relays the
// stream's bytes to it; once the visitor ended the stream and every request has its whole answer, ends the stream
// and gives the connection back to the pool instead of closing it. A request sent on a reused connection that the
// origin closed at that moment is sent again, once, on a new connection: only while no byte of an answer came back
// and only if what was sent is small enough to have been kept (otherwise the stream fails, as a dead origin does).
package dev.portway.agent.engine;

import dev.portway.protocol.link.Channels;
import dev.portway.protocol.link.SocketToStreamRelay;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

final class OriginLease extends ChannelInboundHandlerAdapter {
    /** What a reused connection's first request may be to be sent again; a larger one fails like today's. */
    static final int MAX_RESEND = 64 * 1024;
    /** Parts of a request held for a resend before they are merged into one (a copy, only past this many). */
    private static final int MAX_PARTS = 64;

    /** Sets a connection up for this stream (the tap, the relay to the stream); called for each one it uses. */
    interface Attach {
        void attach(Channel origin);
    }

    /** Opens a new connection to the target: the consumer gets it, or null if it failed. */
    interface Dial {
        void dial(Consumer<Channel> connected);
    }

    private final Channel stream;
    private final LocalTarget target;
    private final OriginPool pool;
    private final Attach attach;
    private final Dial dial;
    private final LongConsumer counter;
    private Channel origin;
    /**
     * What was sent on a reused connection before any answer came (the sent buffers themselves, held, not copied);
     * null when it cannot be resent.
     */
    private CompositeByteBuf resend;
    /** While a new connection is dialled for a request sent again: what is to be sent on it, in order. */
    private CompositeByteBuf redial;
    private ChannelFuture lastWrite;
    private boolean visitorEnded;
    private boolean endHandled;
    private boolean reset;
    private boolean released;

    OriginLease(Channel stream, LocalTarget target, OriginPool pool, Channel origin, boolean reused, Attach attach,
                Dial dial, LongConsumer counter) {
        this.stream = stream;
        this.target = target;
        this.pool = pool;
        this.origin = origin;
        this.attach = attach;
        this.dial = dial;
        this.counter = counter;
        attach.attach(origin);
        watchLast(origin);
        if (reused) {
            resend = stream.alloc().compositeBuffer(MAX_PARTS);
            origin.pipeline().addFirst("resend", new Resend());
        }
    }

    /** The visitor's "Connection: close": once that request is answered, its stream ends, the connection stays. */
    private void watchLast(Channel ours) {
        ours.pipeline().get(OriginWatch.class).onLastAnswered(() -> release(ours));
    }

    /** Writes what came before the lease (frames read with the stream's headers) and ends or reads on. */
    void start(Iterable<ByteBuf> pending, boolean ended) {
        for (ByteBuf buf : pending) {
            send(buf);
        }
        visitorEnded = ended;
        afterRead();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (released) {
            ReferenceCountUtil.release(msg); // after the visitor's last request: nothing more goes to the origin
        } else if (msg instanceof Http2DataFrame frame) {
            visitorEnded |= frame.isEndStream();
            if (frame.content().isReadable()) {
                counter.accept(frame.content().readableBytes());
                send(frame.content());
            } else {
                frame.release();
            }
        } else if (msg instanceof Http2HeadersFrame headers) {
            visitorEnded |= headers.isEndStream();
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void send(ByteBuf buf) {
        if (redial != null) {
            redial.addComponent(true, buf);
            return;
        }
        if (resend != null) {
            if (resend.readableBytes() + buf.readableBytes() > MAX_RESEND) {
                dropResend();
            } else {
                resend.addComponent(true, buf.retainedDuplicate());
            }
        }
        lastWrite = origin.write(buf);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        afterRead();
    }

    private void afterRead() {
        if (redial != null) {
            return; // the new connection, once up, sends it all and reads on
        }
        origin.flush();
        if (visitorEnded) {
            if (!endHandled) {
                endHandled = true;
                Channel ours = origin;
                ours.pipeline().get(OriginWatch.class).whenIdle(() -> release(ours), () -> Channels.endOutput(ours));
            }
        } else if (lastWrite == null) {
            stream.read();
        } else {
            Channel ours = origin;
            lastWrite.addListener(f -> {
                if (f.isSuccess()) {
                    stream.read();
                } else if (ours == origin && resend == null) {
                    stream.close();
                } // else: the connection was gone as it was reused; Resend sends it all again on a new one
            });
        }
        lastWrite = null;
    }

    /** Every request has its whole answer: the stream ends, and the connection goes back to the pool if it can. */
    private void release(Channel ours) {
        if (ours != origin || released) {
            return;
        }
        SocketToStreamRelay relay = ours.pipeline().get(SocketToStreamRelay.class);
        boolean reusable = poolable(ours) && stream.isActive();
        if (!reusable) {
            if (relay != null) {
                relay.finish(ours);
            } else {
                ours.close();
            }
            return;
        }
        stream.writeAndFlush(new DefaultHttp2DataFrame(true));
        giveBack(ours);
    }

    /** Whether the connection could serve another visitor: its answers followed whole, no request part kept back. */
    static boolean poolable(Channel ours) {
        HostHeaderRewriter rewriter = ours.pipeline().get(HostHeaderRewriter.class);
        return ours.pipeline().get(OriginWatch.class).reusable() && (rewriter == null || rewriter.idle());
    }

    /** The connection leaves this stream for the pool (or closes, if the pool is full). */
    private void giveBack(Channel ours) {
        released = true;
        dropResend();
        ours.pipeline().remove(HttpExchangeTap.class);
        ours.pipeline().remove(SocketToStreamRelay.class);
        if (ours.pipeline().get(Resend.class) != null) {
            ours.pipeline().remove(Resend.class);
        }
        if (!pool.offer(target, ours)) {
            ours.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Http2ResetFrame) {
            reset = true;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * The stream is over. A visitor that closes its connection between exchanges resets it: with every request
     * answered whole, the origin connection is as good as after any exchange and goes back to the pool. Otherwise,
     * as the plain relay does, a reset before the visitor's end aborts the connection (the exchange was cut).
     */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!released && redial == null && poolable(origin)) {
            giveBack(origin);
        }
        dropResend();
        if (!released) {
            if (reset && !visitorEnded) {
                Channels.abort(origin);
            } else {
                Channels.closeOnFlush(origin);
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private void dropResend() {
        if (resend != null) {
            resend.release();
            resend = null;
        }
    }

    /** The connection closed under a request before any answer: sends the request again on a new connection. */
    private void again(Channel dead) {
        redial = resend;
        resend = null;
        HttpExchangeTap tap = dead.pipeline().get(HttpExchangeTap.class);
        if (tap != null) {
            tap.detach(); // what it saw is what the new connection gets: its exchanges go on there
        }
        dead.pipeline().remove(SocketToStreamRelay.class);
        dead.close();
        dial.dial(fresh -> {
            ByteBuf bytes = redial;
            redial = null;
            if (fresh == null || !stream.isActive()) {
                bytes.release();
                if (fresh != null) {
                    fresh.close();
                }
                stream.close();
                return;
            }
            origin = fresh;
            attach.attach(fresh);
            watchLast(fresh);
            if (tap != null) {
                // The moved tap saw these bytes already: it goes back in after them, to follow the answers here.
                fresh.pipeline().remove(HttpExchangeTap.class);
            }
            ChannelFuture written = fresh.writeAndFlush(bytes);
            if (tap != null) {
                fresh.pipeline().addFirst("tap", tap);
            }
            if (visitorEnded) {
                endHandled = false;
                afterRead();
            } else {
                Channels.readAfter(stream, written);
            }
            fresh.read();
        });
    }

    /** On a reused connection until the first byte of an answer: watches for the origin's close in between. */
    private final class Resend extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            dropResend();
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent && resend != null && ctx.channel() == origin) {
                again(ctx.channel());
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (resend != null && ctx.channel() == origin) {
                again(ctx.channel());
                return;
            }
            ctx.fireChannelInactive();
        }
    }
}
