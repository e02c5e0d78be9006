// Formats byte counts for people: 512 B, 3.4 kB, 12.0 MB.
package dev.portway.agent.engine;

public final class Sizes {
    private Sizes() {
    }

    private static final String[] UNITS = {"kB", "MB", "GB", "TB"};

    /** Plain arithmetic rather than String.format: the agent prints one of these per request, on the relay's loop. */
    public static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double v = bytes;
        int i = -1;
        while (v >= 1000 && i < UNITS.length - 1) {
            v /= 1000;
            i++;
        }
        long tenths = Math.round(v * 10);
        return tenths / 10 + "." + tenths % 10 + " " + UNITS[i];
    }
}
