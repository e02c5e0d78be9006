// DataFrameJoiner: the bytes on the wire are those of Netty's frame writer alone, in every case; only a payload read
// with headroom, held by nobody else, leaves as one buffer with its header.
package dev.portway.protocol.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Settings;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DataFrameJoinerTest {
    private static final PooledByteBufAllocator POOL = PooledByteBufAllocator.DEFAULT;
    private static final int STREAM = 3;

    /** What one test writes through the codec's frame writer: the same script runs with and without the joiner. */
    @FunctionalInterface
    private interface Script {
        void run(Link link) throws Exception;
    }

    /** A channel with Netty's frame writer where the codec sits, and the joiner below it or not. */
    private static final class Link {
        final EmbeddedChannel ch = new EmbeddedChannel();
        final ChannelHandlerContext codec;
        final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
        final List<ChannelFuture> writes = new ArrayList<>();

        Link(boolean joiner, boolean opensStreams) throws Exception {
            if (joiner) {
                ch.pipeline().addLast(new DataFrameJoiner(opensStreams));
            }
            ch.pipeline().addLast("codec", new ChannelOutboundHandlerAdapter());
            codec = ch.pipeline().context("codec");
            writer.configuration().frameSizePolicy().maxFrameSize(LinkSettings.MAX_FRAME_SIZE);
        }

        void data(ByteBuf payload, int padding, boolean endStream) {
            writes.add(writer.writeData(codec, STREAM, payload, padding, endStream, codec.newPromise()));
        }

        /** The buffers that reached the TLS handler's place, and their bytes in order. */
        List<byte[]> flush() {
            ch.flush();
            List<byte[]> out = new ArrayList<>();
            for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
                out.add(ByteBufUtil.getBytes(b));
                b.release();
            }
            writes.forEach(f -> assertTrue(f.isSuccess(), "every write completes"));
            return out;
        }
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        parts.forEach(all::writeBytes);
        return all.toByteArray();
    }

    /** Runs the script with and without the joiner; the same bytes, and the joiner's buffers are returned. */
    private static List<byte[]> sameBytes(boolean opensStreams, Script script) throws Exception {
        Link plain = new Link(false, opensStreams);
        script.run(plain);
        byte[] expected = concat(plain.flush());
        Link joined = new Link(true, opensStreams);
        script.run(joined);
        List<byte[]> buffers = joined.flush();
        assertArrayEquals(expected, concat(buffers));
        return buffers;
    }

    /** A buffer as HeadroomRecvAllocator leaves it after a read of these bytes. */
    private static ByteBuf readWithHeadroom(byte[] bytes) {
        ByteBuf buf = POOL.directBuffer(HeadroomRecvAllocator.HEADROOM + bytes.length);
        buf.setIndex(HeadroomRecvAllocator.HEADROOM, HeadroomRecvAllocator.HEADROOM);
        return buf.writeBytes(bytes);
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Test
    void aPayloadWithHeadroomLeavesAsOneBufferWithItsHeader() throws Exception {
        List<byte[]> buffers = sameBytes(false, l -> l.data(readWithHeadroom(bytes(1000, 1)), 0, false));
        assertEquals(1, buffers.size());
        assertEquals(Http2CodecUtil.FRAME_HEADER_LENGTH + 1000, buffers.get(0).length);
    }

    @Test
    void aFullReadFillsWholeTlsRecords() throws Exception {
        List<byte[]> buffers = sameBytes(false, l -> l.data(readWithHeadroom(bytes(HeadroomRecvAllocator.MAX_READ,
                2)), 0, true));
        assertEquals(1, buffers.size());
        assertEquals(LinkSettings.MAX_FRAME_SIZE, buffers.get(0).length);
        assertEquals(0, buffers.get(0).length % (16 * 1024), "no TLS record shared with the next frame");
    }

    @Test
    void aBufferOfNettysDefaultAllocatorJoinsToo() throws Exception {
        List<byte[]> buffers = sameBytes(false, l -> {
            ByteBuf read = ByteBufAllocator.DEFAULT.ioBuffer(HeadroomRecvAllocator.HEADROOM + 700);
            read.setIndex(HeadroomRecvAllocator.HEADROOM, HeadroomRecvAllocator.HEADROOM).writeBytes(bytes(700, 14));
            l.data(read, 0, false);
        });
        assertEquals(1, buffers.size());
    }

    @Test
    void framesInARowEachJoinAndControlFramesBetweenThemPassAsTheyAre() throws Exception {
        List<byte[]> buffers = sameBytes(true, l -> {
            l.ch.write(Http2CodecUtil.connectionPrefaceBuf());
            l.writer.writeSettings(l.codec, new Http2Settings().maxFrameSize(LinkSettings.MAX_FRAME_SIZE),
                    l.codec.newPromise());
            l.data(readWithHeadroom(bytes(9, 3)), 0, false);
            l.writer.writeWindowUpdate(l.codec, 0, 1 << 20, l.codec.newPromise());
            l.data(readWithHeadroom(bytes(500, 4)), 0, false);
        });
        // preface, SETTINGS, one DATA, WINDOW_UPDATE, one DATA
        assertEquals(5, buffers.size());
    }

    @Test
    void aPayloadThatLooksLikeADataHeaderIsNotTakenForOne() throws Exception {
        byte[] fake = {0, 0, 5, 0, 0, 0, 0, 0, 3};
        List<byte[]> buffers = sameBytes(false, l -> {
            l.data(Unpooled.wrappedBuffer(fake), 0, false);
            l.data(readWithHeadroom(bytes(5, 5)), 0, false);
        });
        assertEquals(3, buffers.size(), "header and payload of the first frame, then one buffer");
    }

    @Test
    void withoutHeadroomHeaderAndPayloadGoAsTheyCame() throws Exception {
        List<byte[]> buffers = sameBytes(false, l -> {
            ByteBuf noRoom = POOL.directBuffer(1000).writeBytes(bytes(1000, 6));
            l.data(noRoom, 0, false);
            l.data(Unpooled.wrappedBuffer(bytes(100, 7)), 0, false);
        });
        assertEquals(4, buffers.size());
    }

    @Test
    void aBufferSomebodyElseHoldsIsNotWrittenInto() throws Exception {
        List<ByteBuf> shared = new ArrayList<>();
        List<byte[]> buffers = sameBytes(false, l -> {
            ByteBuf read = readWithHeadroom(bytes(1000, 8));
            shared.add(read.retain());
            l.data(read, 0, false);
        });
        assertEquals(2, buffers.size());
        shared.forEach(ByteBuf::release);
    }

    @Test
    void slicesOfSplitOrMergedBuffersGoAsTheyCame() throws Exception {
        Function<Integer, ByteBuf> read = seed -> readWithHeadroom(bytes(3000, seed));
        List<byte[]> buffers = sameBytes(false, l -> {
            // the flow controller's split: a retained first slice, then the rest of the buffer
            ByteBuf split = read.apply(9);
            l.data(split.readRetainedSlice(1000), 0, false);
            l.data(split, 0, false);
            // its merge: several reads in one composite
            l.data(Unpooled.wrappedBuffer(read.apply(10), read.apply(11)), 0, false);
        });
        assertEquals(6, buffers.size());
    }

    @Test
    void aPayloadLargerThanAFrameIsCutByTheWriterAndPassesAsItIs() throws Exception {
        List<byte[]> buffers = sameBytes(false, l -> l.data(readWithHeadroom(bytes(LinkSettings.MAX_FRAME_SIZE
                + 100, 12)), 0, false));
        assertEquals(4, buffers.size());
    }

    @Test
    void anEmptyEndOfStreamAndPaddedFramesPassAsTheyAre() throws Exception {
        List<byte[]> buffers = sameBytes(false, l -> {
            l.data(readWithHeadroom(bytes(200, 13)), 16, false);
            l.data(Unpooled.EMPTY_BUFFER, 0, true);
        });
        assertTrue(buffers.size() >= 4, "padded header, payload, padding, then the empty frame's header");
    }
}
