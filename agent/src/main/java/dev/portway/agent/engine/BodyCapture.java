// Collects a body while it passes: at most its limit (Body.LIMIT unless the tap was given another) is copied, the
// rest only counted, so a big upload or download costs the inspector a bounded amount of memory.
package dev.portway.agent.engine;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;

final class BodyCapture {
    private static final byte[] NOTHING = new byte[0];
    private final int limit;
    /** Null when nothing is kept: an exchange the log only counts allocates no buffer. */
    private final ByteArrayOutputStream kept;
    private long size;

    /** limit 0: count only (capture switched off). */
    BodyCapture(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a body capture limit is 0 or more bytes, not " + limit);
        }
        this.limit = limit;
        this.kept = limit > 0 ? new ByteArrayOutputStream(Math.min(limit, 512)) : null;
    }

    void add(ByteBuf content) {
        int n = content.readableBytes();
        if (kept != null && kept.size() < limit) {
            int take = Math.min(n, limit - kept.size());
            byte[] part = new byte[take];
            content.getBytes(content.readerIndex(), part);
            kept.write(part, 0, take);
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

    Body body() {
        return new Body(kept != null ? kept.toByteArray() : NOTHING, size);
    }
}
