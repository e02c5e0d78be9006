// Socket reads for the relays that feed tunnel streams: each read leaves room in front of its bytes for the DATA
// frame header and holds at most one frame, so DataFrameJoiner can send header and payload as one buffer.
package dev.portway.protocol.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * One read per read call, on purpose (it is not a MaxMessagesRecvByteBufAllocator, so a channel does not raise it):
 * with read-after-write each stream then has one buffer at a time in the HTTP/2 flow controller, which passes it on
 * whole. Several reads before a flush are merged there into one composite and cut at frame boundaries that are not
 * the buffers' own, and every frame would again leave as header plus slice.
 */
public final class HeadroomRecvAllocator implements RecvByteBufAllocator {
    /** Room left in front of each read: one HTTP/2 frame header. */
    public static final int HEADROOM = Http2CodecUtil.FRAME_HEADER_LENGTH;
    /**
     * Bytes one read takes at most: with its header a frame fills whole 16 KiB TLS records, so no record is shared
     * with the next frame and the TLS handler has nothing to merge.
     */
    public static final int MAX_READ = LinkSettings.MAX_FRAME_SIZE - HEADROOM;

    private final AdaptiveRecvByteBufAllocator sizes =
            new AdaptiveRecvByteBufAllocator(512, 16 * 1024, LinkSettings.MAX_FRAME_SIZE);

    HeadroomRecvAllocator() {
        sizes.maxMessagesPerRead(1);
    }

    @Override
    public Handle newHandle() {
        return new HeadroomHandle((ExtendedHandle) sizes.newHandle());
    }

    @SuppressWarnings("deprecation")
    private static final class HeadroomHandle extends DelegatingHandle implements ExtendedHandle {
        private final ExtendedHandle sizes;

        HeadroomHandle(ExtendedHandle sizes) {
            super(sizes);
            this.sizes = sizes;
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            ByteBuf buf = alloc.ioBuffer(HEADROOM + Math.min(guess(), MAX_READ));
            buf.setIndex(HEADROOM, HEADROOM);
            return buf;
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return sizes.continueReading(maybeMoreDataSupplier);
        }
    }
}
