// Collects a body while it passes: at most its limit (Body.LIMIT unless the tap was given another) is copied, the
// rest only counted, so a big upload or download costs the inspector a bounded amount of memory.
package dev.portway.agent.engine;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

final class BodyCapture {
    private static final byte[] NOTHING = new byte[0];
    /** The first array for a body; then twice as big each time, up to the limit. */
    private static final int FIRST = 512;
    private final int limit;
    /**
     * The bytes kept are kept[0, length). Each read is copied straight in (no array per read); when the array grows,
     * the bytes move to a new one, so an array once handed to a snapshot (only ever when it is exactly full) is never
     * written again. An exchange the log only counts (limit 0) allocates nothing.
     */
    private byte[] kept = NOTHING;
    private int length;
    /** The bytes of the last snapshot: the next ones share them as long as nothing more was kept. */
    private byte[] given = NOTHING;
    private long size;

    /** limit 0: count only (capture switched off). */
    BodyCapture(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a body capture limit is 0 or more bytes, not " + limit);
        }
        this.limit = limit;
    }

    void add(ByteBuf content) {
        int n = content.readableBytes();
        if (length < limit && n > 0) {
            int take = Math.min(n, limit - length);
            if (length + take > kept.length) {
                kept = Arrays.copyOf(kept, Math.min(limit, Math.max(length + take, Math.max(FIRST,
                        2 * kept.length))));
            }
            content.getBytes(content.readerIndex(), kept, length, take);
            length += take;
        }
        size += n;
    }

    /** Bytes that passed without being seen (capture off). */
    void count(int n) {
        size += n;
    }

    long size() {
        return size;
    }

    /**
     * A snapshot. Bytes are only ever appended, so the last snapshot's array still holds these if its length is
     * the same; otherwise the kept array itself when it is exactly full (any later byte goes to a new one), else a
     * copy of what is kept.
     */
    Body body() {
        if (given.length != length) {
            given = kept.length == length ? kept : Arrays.copyOf(kept, length);
        }
        return new Body(given, size);
    }
}
