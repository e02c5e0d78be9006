// The datagrams of a flow that wait for its way on to open (the edge's stream, the agent's local socket): bounded in
// count and in bytes, so a flow that cannot send yet drops rather than holds up to 64 large datagrams (4 MiB).
package dev.portway.protocol.link;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;

public final class WaitingDatagrams {
    /** What may wait per flow; more is dropped. */
    public static final int MAX_DATAGRAMS = 64;
    public static final int MAX_BYTES = 256 * 1024;

    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private int bytes;

    /** Keeps the datagram (which it then owns) and returns true, or returns false when it would pass a bound. */
    public boolean offer(ByteBuf datagram) {
        int size = datagram.readableBytes();
        if (queue.size() >= MAX_DATAGRAMS || bytes + size > MAX_BYTES) {
            return false;
        }
        queue.add(datagram);
        bytes += size;
        return true;
    }

    /** The oldest datagram, handed over to the caller, or null. */
    public ByteBuf poll() {
        ByteBuf datagram = queue.poll();
        if (datagram != null) {
            bytes -= datagram.readableBytes();
        }
        return datagram;
    }

    public int size() {
        return queue.size();
    }

    /** Frees what still waits (the flow ended first). */
    public void release() {
        for (ByteBuf datagram = poll(); datagram != null; datagram = poll()) {
            datagram.release();
        }
    }
}
