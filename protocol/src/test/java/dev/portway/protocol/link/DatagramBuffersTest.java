// A small datagram leaves its 64 KiB receive buffer (or the DATA frame it was cut from) before it is queued; a large
// one keeps it (no copy).
package dev.portway.protocol.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class DatagramBuffersTest {
    private static ByteBuf received(int size) {
        ByteBuf buf = UnpooledByteBufAllocator.DEFAULT.directBuffer(64 * 1024, 64 * 1024);
        for (int i = 0; i < size; i++) {
            buf.writeByte(i * 13);
        }
        return buf;
    }

    @Test
    void aSmallDatagramIsCopiedIntoABufferOfItsSizeAndTheReceiveBufferFreed() {
        ByteBuf original = received(1_200);
        byte[] bytes = ByteBufUtil.getBytes(original);
        ByteBuf fitted = DatagramBuffers.fit(original);
        assertNotSame(original, fitted);
        assertEquals(0, original.refCnt(), "the receive buffer is freed at once");
        assertEquals(1_200, fitted.capacity());
        assertEquals(Unpooled.wrappedBuffer(bytes), fitted);
        fitted.release();
    }

    /** A reply cut out of a DATA frame's buffer: queued as a slice it would pin all of that buffer. */
    @Test
    void aSmallSliceOfALargeBufferIsCopiedAndItsShareOfTheBufferFreed() {
        ByteBuf frame = received(60_000);
        ByteBuf slice = frame.retainedSlice(100, 1_000);
        frame.release(); // the frame handed on: only the slice holds it now
        byte[] bytes = ByteBufUtil.getBytes(slice);
        ByteBuf fitted = DatagramBuffers.fit(slice);
        assertNotSame(slice, fitted);
        assertEquals(0, frame.refCnt(), "the frame's buffer is no longer held");
        assertEquals(1_000, fitted.capacity());
        assertEquals(Unpooled.wrappedBuffer(bytes), fitted);
        fitted.release();
    }

    @Test
    void aLargeSliceKeepsItsBuffer() {
        ByteBuf frame = received(63_000);
        ByteBuf slice = frame.retainedSlice(0, 63_000);
        frame.release();
        assertSame(slice, DatagramBuffers.fit(slice));
        assertEquals(1, slice.refCnt());
        slice.release();
        assertEquals(0, frame.refCnt());
    }

    @Test
    void aLargeDatagramKeepsItsBuffer() {
        ByteBuf original = received(DatagramFrames.MAX_DATAGRAM);
        assertSame(original, DatagramBuffers.fit(original));
        assertEquals(1, original.refCnt());
        original.release();
    }
}
