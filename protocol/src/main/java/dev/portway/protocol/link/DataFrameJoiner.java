// Sits right below the link's HTTP/2 codec and puts each DATA frame's header into the room a relay's read left in
// front of the payload (HeadroomRecvAllocator): header and payload reach the TLS handler as one buffer, which it
// encrypts in place instead of first copying the header and the next 16 KiB into a buffer of their own.
package dev.portway.protocol.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameTypes;
import io.netty.util.concurrent.PromiseNotifier;

/**
 * Netty's frame writer sends a DATA frame as two writes, a 9-byte header and then its payload (a slice of the buffer
 * the stream was given). This handler follows the frame boundaries of everything the codec writes, holds such a
 * header, and when the payload that follows is the whole readable part of a buffer read with headroom, that nobody
 * else holds, writes the header into the headroom and passes that one buffer down. Anything else (padded frames,
 * empty ones, slices of merged or split buffers, shared or read-only buffers) goes down unchanged, header first: the
 * bytes on the wire are the same either way.
 */
final class DataFrameJoiner extends ChannelOutboundHandlerAdapter {
    private static final int HEADER = Http2CodecUtil.FRAME_HEADER_LENGTH;
    private static final int PADDED = 0x8;
    /** The client's connection preface, which is not a frame. */
    private static final int PREFACE = 24;

    private final byte[] header = new byte[HEADER];
    private int headerBytes;
    /** Bytes still to pass before the next frame header: a payload, or first the preface. */
    private long skip;
    private ByteBuf held;
    private ChannelPromise heldPromise;

    /** opensStreams: this end is the HTTP/2 client and writes the connection preface first. */
    DataFrameJoiner(boolean opensStreams) {
        this.skip = opensStreams ? PREFACE : 0;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            release(ctx);
            ctx.write(msg, promise);
            return;
        }
        if (held != null) {
            ByteBuf joined = joinable(buf, (int) skip);
            if (joined != null) {
                joined.setBytes(0, held, held.readerIndex(), HEADER);
                joined.setIndex(0, HEADER + (int) skip);
                skip = 0;
                ChannelPromise headerPromise = heldPromise;
                held.release();
                held = null;
                heldPromise = null;
                ctx.write(joined, ctx.newPromise()).addListener(new PromiseNotifier<>(false, headerPromise, promise));
                return;
            }
            release(ctx);
        } else if (headerBytes == 0 && skip == 0 && isDataHeaderWithPayload(buf)) {
            held = buf;
            heldPromise = promise;
            skip = buf.getUnsignedMedium(buf.readerIndex());
            return;
        }
        scan(buf);
        ctx.write(buf, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        release(ctx);
        ctx.flush();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (held != null) {
            held.release();
            held = null;
            heldPromise.tryFailure(new IllegalStateException("link pipeline changed with a DATA frame half written"));
        }
    }

    /** Sends the held header on its own: what follows is not a payload it can join. */
    private void release(ChannelHandlerContext ctx) {
        if (held != null) {
            ByteBuf h = held;
            held = null;
            ctx.write(h, heldPromise);
            heldPromise = null;
        }
    }

    private static boolean isDataHeaderWithPayload(ByteBuf buf) {
        int at = buf.readerIndex();
        return buf.readableBytes() == HEADER
                && buf.getByte(at + 3) == Http2FrameTypes.DATA
                && (buf.getByte(at + 4) & PADDED) == 0
                && buf.getUnsignedMedium(at) > 0
                && buf.getUnsignedMedium(at) <= HeadroomRecvAllocator.MAX_READ;
    }

    /**
     * The buffer whose headroom can take the header, or null. The payload must be that buffer's bytes from the end of
     * its headroom to its end, either the buffer itself or the slice the frame writer cut of all of it, and nothing
     * but this payload may hold the buffer: the headroom is then ours to write.
     */
    private static ByteBuf joinable(ByteBuf payload, int length) {
        if (payload.readableBytes() != length || payload.refCnt() != 1 || !payload.hasMemoryAddress()) {
            return null;
        }
        ByteBuf root = payload;
        while (root.unwrap() != null && !(root instanceof CompositeByteBuf)) {
            root = root.unwrap();
        }
        if (root instanceof CompositeByteBuf || root.isReadOnly() || root.refCnt() != 1
                || !root.hasMemoryAddress() || root.writerIndex() != HEADER + length) {
            return null;
        }
        if (payload.memoryAddress() + payload.readerIndex() != root.memoryAddress() + HEADER) {
            return null;
        }
        // The buffer itself, or a leak detector's wrapper of it (one buffer in 128 is sampled): written as it is, so
        // the wrapper's release closes its record. The writer's slice of all of it: the buffer goes instead, once the
        // slice consumed it.
        if (payload.memoryAddress() == root.memoryAddress()) {
            return payload.readerIndex() == HEADER ? payload : null;
        }
        return root.readerIndex() == root.writerIndex() ? root : null;
    }

    /** Follows the frame boundaries through bytes that pass unchanged. */
    private void scan(ByteBuf buf) {
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
            if (headerBytes == HEADER) {
                headerBytes = 0;
                skip = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
            }
        }
    }
}
