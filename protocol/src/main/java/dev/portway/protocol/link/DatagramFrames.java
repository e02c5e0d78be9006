// How a udp flow's datagrams travel in its stream's DATA frames: each one as [u16 length][payload], so datagram
// boundaries survive however HTTP/2 cuts or joins the DATA frames on the way.
package dev.portway.protocol.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.function.Consumer;

public final class DatagramFrames {
    /** The largest UDP payload over IPv4 (65,535 less the IP and UDP headers); IPv6 jumbograms are not carried. */
    public static final int MAX_DATAGRAM = 65_507;
    /** Bytes of the length in front of each datagram. */
    public static final int HEADER = 2;

    private ByteBuf partial;

    /**
     * The datagram framed for a DATA frame. Takes over datagram (no copy: header and payload are two components); a
     * datagram longer than {@link #MAX_DATAGRAM} is released and refused.
     */
    public static ByteBuf frame(ByteBufAllocator alloc, ByteBuf datagram) {
        int length = datagram.readableBytes();
        if (length > MAX_DATAGRAM) {
            datagram.release();
            throw new IllegalArgumentException("a datagram of " + length + " bytes is longer than " + MAX_DATAGRAM);
        }
        ByteBuf header = alloc.buffer(HEADER, HEADER).writeShort(length);
        CompositeByteBuf framed = alloc.compositeBuffer(2);
        return framed.addComponents(true, header, datagram);
    }

    /**
     * Reads the datagrams in one DATA frame's content (which it releases) and hands each to out, which then owns it.
     * A datagram cut across frames waits here for its rest. A length over {@link #MAX_DATAGRAM} means the stream is
     * not a flow (or is corrupt): CorruptedFrameException, after which the caller closes the stream.
     */
    public void read(ByteBuf content, Consumer<ByteBuf> out) {
        try {
            if (partial != null && !topUp(content, out)) {
                return;
            }
            while (content.readableBytes() >= HEADER) {
                int length = content.getUnsignedShort(content.readerIndex());
                check(length);
                if (content.readableBytes() < HEADER + length) {
                    break;
                }
                content.skipBytes(HEADER);
                out.accept(content.readRetainedSlice(length));
            }
            if (content.isReadable()) {
                int known = content.readableBytes() >= HEADER
                        ? HEADER + content.getUnsignedShort(content.readerIndex()) : HEADER;
                partial = content.alloc().buffer(known, HEADER + MAX_DATAGRAM).writeBytes(content);
            }
        } finally {
            content.release();
        }
    }

    /** Fills the held datagram from content: true once it is whole and handed to out, false while it still waits. */
    private boolean topUp(ByteBuf content, Consumer<ByteBuf> out) {
        if (partial.readableBytes() < HEADER) {
            partial.writeBytes(content, Math.min(HEADER - partial.readableBytes(), content.readableBytes()));
            if (partial.readableBytes() < HEADER) {
                return false;
            }
        }
        int length = partial.getUnsignedShort(partial.readerIndex());
        check(length);
        int missing = HEADER + length - partial.readableBytes();
        partial.writeBytes(content, Math.min(missing, content.readableBytes()));
        if (partial.readableBytes() < HEADER + length) {
            return false;
        }
        ByteBuf whole = partial.skipBytes(HEADER);
        partial = null;
        out.accept(whole);
        return true;
    }

    private void check(int length) {
        if (length > MAX_DATAGRAM) {
            throw new CorruptedFrameException("a datagram frame of " + length + " bytes is longer than "
                    + MAX_DATAGRAM + ": the stream is not a udp flow");
        }
    }

    /** Frees a datagram still waiting for its rest (the stream ended mid-datagram). */
    public void release() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }
}
