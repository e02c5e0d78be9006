// The first bytes of a body, and how long it really was: capture is bounded, a bigger body is counted, not kept.
package dev.portway.agent.engine;

import java.nio.charset.StandardCharsets;

public record Body(byte[] captured, long size) {
    public static final Body EMPTY = new Body(new byte[0], 0);
    /** What the inspector keeps of each body. */
    public static final int LIMIT = 64 * 1024;

    public Body {
        captured = captured == null ? new byte[0] : captured;
    }

    /** Every byte of the body is here (replay needs that). */
    public boolean whole() {
        return captured.length == size;
    }

    public String text() {
        return new String(captured, StandardCharsets.UTF_8);
    }
}
