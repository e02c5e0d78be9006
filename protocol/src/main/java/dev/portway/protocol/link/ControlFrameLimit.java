// Closes a link whose peer sends control frames (WINDOW_UPDATE, RST_STREAM, PRIORITY, PING, SETTINGS, frames of
// unknown types, empty DATA) far beyond what the link's traffic explains: such a flood moves nothing and costs a core.
package dev.portway.protocol.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameTypes;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Sits in front of the HTTP/2 codec and reads only frame headers off the bytes, so it sees every frame, also those
 * the codec drops without a word (a WINDOW_UPDATE or RST_STREAM for a stream already closed): Netty's own limits
 * count only frames that reach its listeners, and only RST_STREAM, SETTINGS and PING. The allowance is relative, as
 * in Netty's empty-DATA and control-frame guards: a base per second, plus a few for each frame that moves a stream
 * along (HEADERS, or DATA with bytes, sent or received, in this second or the one before), so the window updates and
 * resets that heavy traffic brings are always covered; a flood earns nothing.
 */
final class ControlFrameLimit extends ChannelDuplexHandler {
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Control frames any link may receive per second: every stream of a full link reset at once, twice over. */
    static final int BASE = 2 * LinkSettings.MAX_CONCURRENT_STREAMS;
    /** Control frames each frame that moves a stream along may bring, within its second or the next. */
    static final int PER_USEFUL_FRAME = 4;
    private static final int END_STREAM = 0x1;
    /** The client's connection preface, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", which is not a frame. */
    private static final int PREFACE = 24;

    private final FrameHeaders in;
    private final FrameHeaders out;
    private final FrameSink received = this::received;
    private final FrameSink sent = this::sent;
    private final LongSupplier nanoTime;
    private long windowStart;
    private long control;
    private long useful;
    /** Stream traffic of the second before: the resets and window updates it brings may arrive in this one. */
    private long usefulBefore;
    private boolean exceeded;

    /** opensStreams: this end is the HTTP/2 client and sends the connection preface, the peer reads it. */
    ControlFrameLimit(boolean opensStreams) {
        this(opensStreams, System::nanoTime);
    }

    ControlFrameLimit(boolean opensStreams, LongSupplier nanoTime) {
        this.in = new FrameHeaders(opensStreams ? 0 : PREFACE);
        this.out = new FrameHeaders(opensStreams ? PREFACE : 0);
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (exceeded) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ByteBuf buf) {
            roll();
            in.scan(buf, received);
            if (exceeded) {
                ReferenceCountUtil.release(msg);
                refuse(ctx);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            roll();
            out.scan(buf, sent);
        }
        ctx.write(msg, promise);
    }

    private void roll() {
        long now = nanoTime.getAsLong();
        if (now - windowStart >= WINDOW_NANOS) {
            usefulBefore = now - windowStart < 2 * WINDOW_NANOS ? useful : 0;
            windowStart = now;
            control = 0;
            useful = 0;
        }
    }

    /** False once the peer's control frames are past the allowance: scanning stops there. */
    private boolean received(int type, int flags, int length) {
        if (movesAStream(type, length)) {
            useful++;
        } else if (isControl(type, flags, length) && ++control > BASE + PER_USEFUL_FRAME * (useful + usefulBefore)) {
            exceeded = true;
        }
        return !exceeded;
    }

    private boolean sent(int type, int flags, int length) {
        if (movesAStream(type, length)) {
            useful++;
        }
        return true;
    }

    private static boolean movesAStream(int type, int length) {
        return type == Http2FrameTypes.HEADERS || type == Http2FrameTypes.DATA && length > 0;
    }

    /** Everything but a stream's own frames; an empty DATA counts unless it ends its stream. */
    private static boolean isControl(int type, int flags, int length) {
        return switch (type) {
            case Http2FrameTypes.DATA -> length == 0 && (flags & END_STREAM) == 0;
            case Http2FrameTypes.HEADERS, Http2FrameTypes.CONTINUATION, Http2FrameTypes.PUSH_PROMISE -> false;
            default -> true;
        };
    }

    /**
     * Handed to the codec as its own connection error (it sends GOAWAY with ENHANCE_YOUR_CALM and tells the handlers
     * behind it, which log it), then the link is closed from here: a peer that does not read must not hold it open.
     */
    private void refuse(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(false);
        ctx.fireExceptionCaught(Http2Exception.connectionError(Http2Error.ENHANCE_YOUR_CALM,
                "%d control frames within %d ms against %d frames of stream traffic (%d the second before)", control,
                TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - windowStart), useful, usefulBefore));
        ctx.close();
    }

    /** What a frame header says, as far as the limit cares. */
    @FunctionalInterface
    interface FrameSink {
        /** False: stop scanning this buffer. */
        boolean frame(int type, int flags, int length);
    }

    /**
     * Follows the frame boundaries of one direction of the link, however its bytes are cut into buffers: reads each
     * 9-byte header and skips the payload (and, first, the client's connection preface). Copies nothing.
     */
    static final class FrameHeaders {
        private final byte[] header = new byte[Http2CodecUtil.FRAME_HEADER_LENGTH];
        private int headerBytes;
        private long skip;

        FrameHeaders(int preface) {
            this.skip = preface;
        }

        void scan(ByteBuf buf, FrameSink sink) {
            int i = buf.readerIndex();
            int end = buf.writerIndex();
            while (i < end) {
                if (skip > 0) {
                    int n = (int) Math.min(skip, end - i);
                    skip -= n;
                    i += n;
                    continue;
                }
                header[headerBytes++] = buf.getByte(i++);
                if (headerBytes == header.length) {
                    headerBytes = 0;
                    int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
                    skip = length;
                    if (!sink.frame(header[3] & 0xff, header[4] & 0xff, length)) {
                        return;
                    }
                }
            }
        }
    }
}
