// Gives memory back once the server or the agent goes quiet after traffic: a full collection that shrinks the heap
// (HeapShrink); the JVM's periodic native trim then returns what the collection freed outside it. Off unless
// -Dportway.idleTrimSeconds asks for it (jvm.options does).
package dev.portway.protocol.memory;

import java.util.function.LongSupplier;

public final class IdleTrim {
    /** Seconds without traffic before the trim; 0 or absent: never. */
    public static final String PROPERTY = "portway.idleTrimSeconds";
    /**
     * Allocating less than this in a second is quiet: heartbeats and a few requests (a relayed request allocates
     * 2-6 KiB), not traffic. Higher, a steady 100 requests a second passed for quiet: each trim was followed by a
     * full collection to grow the heap back, every 10 s.
     */
    static final long BUSY_BYTES_PER_SECOND = 64 << 10;
    private static final long SAMPLE_MILLIS = 1000;
    private static final int MAX_SECONDS = 86_400;

    private final QuietSpell spell;
    private final LongSupplier usedHeap;
    private final Runnable trim;

    IdleTrim(int seconds, LongSupplier usedHeap, Runnable trim) {
        this.spell = new QuietSpell(seconds, BUSY_BYTES_PER_SECOND);
        this.usedHeap = usedHeap;
        this.trim = trim;
    }

    /**
     * Starts the trimmer that -Dportway.idleTrimSeconds asks for on a daemon thread, once per process entry point;
     * a bad value is an IllegalArgumentException with one plain line.
     */
    public static void startFromProperty() {
        int seconds = seconds(System.getProperty(PROPERTY));
        if (seconds == 0) {
            return;
        }
        Runtime runtime = Runtime.getRuntime();
        // A runtime linked without jdk.management (jlink) still collects, with the ratios it has.
        Runnable trim = ModuleLayer.boot().findModule("jdk.management").isPresent() ? new HeapShrink() : System::gc;
        IdleTrim idle = new IdleTrim(seconds, () -> runtime.totalMemory() - runtime.freeMemory(), trim);
        Thread thread = new Thread(idle::run, "portway-idle-trim");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** The property's value as seconds: absent or blank is 0 (off). */
    static int seconds(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            int seconds = Integer.parseInt(value.strip());
            if (seconds >= 0 && seconds <= MAX_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("-D" + PROPERTY + " must be a whole number of seconds from 0 (off) to "
                + MAX_SECONDS + ", not " + value.strip());
    }

    /** One sample: trims when the process has just gone quiet after work. */
    void step() {
        if (spell.sample(usedHeap.getAsLong())) {
            trim.run();
            spell.trimmed(usedHeap.getAsLong());
        }
    }

    private void run() {
        try {
            while (true) {
                Thread.sleep(SAMPLE_MILLIS);
                step();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
