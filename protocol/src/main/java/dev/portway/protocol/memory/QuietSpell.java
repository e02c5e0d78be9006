// Tells from the heap's used bytes, sampled at a steady pace, when a process that did some work has gone quiet:
// allocation is what traffic costs, so watching it adds nothing to the data path.
package dev.portway.protocol.memory;

final class QuietSpell {
    private final int quietSamples;
    private final long busyBytes;
    private long last = -1;
    private boolean worked = true;  // start-up is work: its garbage is worth giving back too
    private int quiet;

    /** quietSamples in a row with less than busyBytes allocated each end a spell of work. */
    QuietSpell(int quietSamples, long busyBytes) {
        if (quietSamples < 1 || busyBytes < 1) {
            throw new IllegalArgumentException("quietSamples and busyBytes must be positive");
        }
        this.quietSamples = quietSamples;
        this.busyBytes = busyBytes;
    }

    /**
     * One sample of the heap's used bytes; true once per spell of work, when it has been quiet long enough. A
     * smaller value than the last means a collection ran, which only allocation causes: busy.
     */
    boolean sample(long used) {
        boolean busy = last < 0 || used < last || used - last >= busyBytes;
        last = used;
        if (busy) {
            worked = true;
            quiet = 0;
            return false;
        }
        if (!worked || ++quiet < quietSamples) {
            return false;
        }
        worked = false;
        quiet = 0;
        return true;
    }

    /** The trim that sample asked for is done and left the heap at used: a drop from it is not work. */
    void trimmed(long used) {
        last = used;
    }
}
