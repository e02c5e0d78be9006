// What waits for a flow's way on is bounded by count and by bytes; what it held is handed on or freed.
package dev.portway.protocol.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitingDatagramsTest {
    @Test
    void largeDatagramsStopAtTheByteBoundLongBeforeTheCount() {
        WaitingDatagrams waiting = new WaitingDatagrams();
        List<ByteBuf> kept = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // 4 x 65,507 = 262,028 <= 262,144
            ByteBuf d = Unpooled.buffer().writeZero(DatagramFrames.MAX_DATAGRAM);
            assertTrue(waiting.offer(d));
            kept.add(d);
        }
        ByteBuf fifth = Unpooled.buffer().writeZero(DatagramFrames.MAX_DATAGRAM);
        assertFalse(waiting.offer(fifth), "a fifth large datagram passes 256 KiB");
        assertEquals(1, fifth.refCnt(), "refused: still the caller's");
        fifth.release();
        assertTrue(waiting.offer(Unpooled.buffer().writeZero(100)), "a small one still fits");
        assertSame(kept.get(0), waiting.poll(), "in order, handed over");
        kept.get(0).release();
        waiting.release();
        assertEquals(0, waiting.size());
        kept.forEach(d -> assertEquals(0, d.refCnt()));
        assertNull(waiting.poll());
    }

    @Test
    void smallDatagramsStopAtTheCount() {
        WaitingDatagrams waiting = new WaitingDatagrams();
        for (int i = 0; i < WaitingDatagrams.MAX_DATAGRAMS; i++) {
            assertTrue(waiting.offer(Unpooled.buffer().writeZero(10)));
        }
        ByteBuf more = Unpooled.buffer().writeZero(10);
        assertFalse(waiting.offer(more));
        more.release();
        waiting.release();
    }
}
