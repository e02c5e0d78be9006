// The first bytes of a body, and how long it really was: capture is bounded, a bigger body is counted, not kept.
package dev.portway.agent.engine;

import java.nio.charset.StandardCharsets;

public record Body(byte[] captured, long size) {
    public static final Body EMPTY = new Body(new byte[0], 0);
    /** What the inspector keeps of each body unless its tap was given another limit. */
    public static final int LIMIT = 64 * 1024;

    public Body {
        captured = captured == null ? new byte[0] : captured;
    }

    /** Every byte of the body is here (replay needs that). */
    public boolean whole() {
        return captured.length == size;
    }

    /** Where the capture stopped: the number of bytes kept when the body was bigger, -1 when it is whole. */
    public long cutAt() {
        return whole() ? -1 : captured.length;
    }

    public String text() {
        return new String(captured, StandardCharsets.UTF_8);
    }
}
