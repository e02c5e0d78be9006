// BodyCapture keeps a body's first bytes up to its limit in one array and hands the same bytes to every snapshot
// that has nothing newer, without any snapshot changing under its reader when more bytes arrive.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BodyCaptureTest {
    private static byte[] bytes(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    /** A read as the tap sees it: content after some bytes already consumed, which must not be kept. */
    private static void add(BodyCapture c, byte[] b) {
        ByteBuf buf = Unpooled.buffer(b.length + 3).writeBytes(new byte[]{9, 9, 9}).writeBytes(b);
        buf.skipBytes(3);
        c.add(buf);
        assertEquals(3, buf.readerIndex(), "the tap's reader index is left alone");
        buf.release();
    }

    @Test
    void keepsTheFirstBytesUpToTheLimitOverManyReadsAndCountsTheRest() {
        BodyCapture c = new BodyCapture(2000);
        byte[] all = bytes(0, 3000);
        for (int i = 0; i < all.length; i += 300) {
            add(c, Arrays.copyOfRange(all, i, i + 300));
        }
        Body body = c.body();
        assertArrayEquals(Arrays.copyOf(all, 2000), body.captured());
        assertEquals(3000, body.size());
        assertFalse(body.whole());
        assertEquals(2000, body.cutAt());
    }

    @Test
    void aSnapshotKeepsItsBytesWhenMoreArriveAndSnapshotsWithNothingNewShareThem() {
        BodyCapture c = new BodyCapture(4096);
        add(c, bytes(0, 100));
        Body pending = c.body();
        assertSame(pending.captured(), c.body().captured(), "nothing new: the same bytes, not another copy");
        add(c, bytes(100, 900));
        Body done = c.body();
        assertArrayEquals(bytes(0, 100), pending.captured(), "the earlier snapshot is as it was");
        assertEquals(100, pending.size());
        assertArrayEquals(bytes(0, 1000), done.captured());
        assertTrue(done.whole());
        assertSame(done.captured(), c.body().captured());
    }

    @Test
    void aFullArrayHandedToASnapshotIsNeverWrittenAgain() {
        BodyCapture c = new BodyCapture(4096);
        add(c, bytes(0, 512));
        Body first = c.body();
        add(c, bytes(50, 600));
        assertArrayEquals(bytes(0, 512), first.captured());
        byte[] expected = new byte[1112];
        System.arraycopy(bytes(0, 512), 0, expected, 0, 512);
        System.arraycopy(bytes(50, 600), 0, expected, 512, 600);
        assertArrayEquals(expected, c.body().captured());
    }

    @Test
    void countOnlyKeepsNothing() {
        BodyCapture c = new BodyCapture(0);
        add(c, bytes(0, 100));
        c.count(50);
        assertEquals(0, c.body().captured().length);
        assertEquals(150, c.body().size());
        assertEquals(150, c.size());
    }
}
