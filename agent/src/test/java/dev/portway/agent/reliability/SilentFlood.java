// A child process that opens many silent TCP connections to a loopback port, spread over source addresses
// PREFIX.1, PREFIX.2, ... (PER each), sends nothing, and watches how each one ends. Bounded: it gives up watching
// HOLD seconds after the last connection opened. Prints one line: RESULT key=value ...
//   java ... SilentFlood PREFIX PORT COUNT PER HOLD
package dev.portway.agent.reliability;

import java.io.IOException;
import java.nio.ByteBuffer;

public final class SilentFlood extends LoopbackFlood {
    private final long[] opened;
    private final long[] ended;
    private int answered;

    private SilentFlood(String[] args) throws IOException {
        super(args);
        opened = new long[count];
        ended = new long[count];
    }

    public static void main(String[] args) throws IOException {
        SilentFlood flood = new SilentFlood(args);
        flood.open(null, 0);
        long deadline = flood.openedNanos + flood.holdNanos;
        while (flood.selector.keys().size() > 0 && System.nanoTime() < deadline) {
            flood.read(500);
        }
        flood.report();
    }

    @Override
    void onOpen(int i) {
        opened[i] = System.nanoTime();
    }

    /** Counts the connections that sent bytes; one that ends is noted and closed. */
    @Override
    void onRead(int i, int n, ByteBuffer buf) throws IOException {
        if (n > 0) {
            answered++;
        }
        if (n < 0) {
            ended[i] = System.nanoTime();
            channels[i].close();
        }
    }

    /** Closes what is still open and prints how the connections ended. */
    private void report() throws IOException {
        int refused = 0;
        int timedOut = 0;
        long maxLife = 0;
        long minLate = Long.MAX_VALUE;
        int open = 0;
        for (int i = 0; i < count; i++) {
            if (channels[i] == null) {
                continue;
            }
            if (ended[i] == 0) {
                open++;
                channels[i].close();
                continue;
            }
            long life = ended[i] - opened[i];
            maxLife = Math.max(maxLife, life);
            if (life < 2_000_000_000L) {
                refused++;
            } else {
                timedOut++;
                minLate = Math.min(minLate, life);
            }
        }
        System.out.println("RESULT opened=" + opened() + " connectFailed=" + failed + " refused=" + refused
                + " timedOut=" + timedOut + " open=" + open + " answered=" + answered + " maxLifeMs="
                + maxLife / 1_000_000 + " minTimedOutMs=" + (minLate == Long.MAX_VALUE ? 0 : minLate / 1_000_000)
                + " openMs=" + openMillis());
    }
}
