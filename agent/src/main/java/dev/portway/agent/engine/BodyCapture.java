// Collects a body while it passes: at most Body.LIMIT bytes are copied, the rest only counted.
package dev.portway.agent.engine;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;

final class BodyCapture {
    private static final byte[] NOTHING = new byte[0];
    private final boolean keep;
    /** Null when nothing is kept: an exchange the log only counts allocates no buffer. */
    private final ByteArrayOutputStream kept;
    private long size;

    /** keep false: count only (capture switched off). */
    BodyCapture(boolean keep) {
        this.keep = keep;
        this.kept = keep ? new ByteArrayOutputStream() : null;
    }

    void add(ByteBuf content) {
        int n = content.readableBytes();
        if (keep && kept.size() < Body.LIMIT) {
            int take = Math.min(n, Body.LIMIT - kept.size());
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
        return new Body(keep ? kept.toByteArray() : NOTHING, size);
    }
}
