// A small datagram leaves its 64 KiB receive buffer before it is queued; a large one keeps it (no copy).
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

    @Test
    void aLargeDatagramKeepsItsBuffer() {
        ByteBuf original = received(DatagramFrames.MAX_DATAGRAM);
        assertSame(original, DatagramBuffers.fit(original));
        assertEquals(1, original.refCnt());
        original.release();
    }
}
