// Datagram boundaries survive any cutting of the stream's bytes into DATA frames, and nothing leaks.
package dev.portway.protocol.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DatagramFramesTest {
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

    @Test
    void datagramsOfMixedSizesComeOutWholeWhereverTheFramesAreCut() {
        Random random = new Random(24);
        List<byte[]> sent = new ArrayList<>();
        ByteBuf wire = Unpooled.buffer();
        for (int i = 0; i < 300; i++) {
            int size = switch (i % 5) {
                case 0 -> 0;
                case 1 -> 1;
                case 2 -> random.nextInt(1500);
                case 3 -> DatagramFrames.MAX_DATAGRAM;
                default -> random.nextInt(9000);
            };
            byte[] d = new byte[size];
            random.nextBytes(d);
            sent.add(d);
            ByteBuf framed = DatagramFrames.frame(alloc, Unpooled.wrappedBuffer(d));
            wire.writeBytes(framed);
            framed.release();
        }
        DatagramFrames frames = new DatagramFrames();
        List<byte[]> received = new ArrayList<>();
        while (wire.isReadable()) {
            int cut = Math.min(wire.readableBytes(), 1 + random.nextInt(random.nextBoolean() ? 3 : 70_000));
            frames.read(wire.readRetainedSlice(cut), d -> {
                received.add(ByteBufUtil.getBytes(d));
                d.release();
            });
        }
        wire.release();
        assertEquals(sent.size(), received.size());
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i), received.get(i), "datagram " + i);
        }
    }

    @Test
    void aFrameLongerThanAnyDatagramIsRefusedAndReleased() {
        ByteBuf bogus = Unpooled.buffer().writeShort(65_535).writeZero(10);
        DatagramFrames frames = new DatagramFrames();
        assertThrows(CorruptedFrameException.class, () -> frames.read(bogus, d -> d.release()));
        assertEquals(0, bogus.refCnt());
        ByteBuf tooLong = Unpooled.buffer().writeZero(DatagramFrames.MAX_DATAGRAM + 1);
        assertThrows(IllegalArgumentException.class, () -> DatagramFrames.frame(alloc, tooLong));
        assertEquals(0, tooLong.refCnt());
    }

    @Test
    void aDatagramCutOffByTheStreamsEndIsFreed() {
        List<ByteBuf> made = new ArrayList<>();
        ByteBufAllocator recording = new AbstractByteBufAllocator(false) {
            @Override
            protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
                ByteBuf b = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
                made.add(b);
                return b;
            }

            @Override
            protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
                return newHeapBuffer(initialCapacity, maxCapacity);
            }

            @Override
            public boolean isDirectBufferPooled() {
                return false;
            }
        };
        DatagramFrames frames = new DatagramFrames();
        ByteBuf content = recording.heapBuffer().writeShort(100).writeZero(40);
        frames.read(content, d -> d.release());
        assertEquals(0, content.refCnt(), "the frame's content is freed");
        assertEquals(2, made.size(), "the content, and a buffer holding the 42 bytes of the datagram so far");
        ByteBuf held = made.get(1);
        assertEquals(42, held.readableBytes());
        assertEquals(1, held.refCnt());
        frames.release();
        assertEquals(0, held.refCnt(), "freed at the stream's end");
        frames.release(); // twice is harmless
    }
}
