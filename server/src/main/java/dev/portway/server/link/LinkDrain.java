// The links' half of a graceful stop: every agent is told to go away (GOAWAY), and the streams in flight get until a
// deadline to end; what is left then is closed with the links.
package dev.portway.server.link;

import java.time.Duration;

public final class LinkDrain {
    private LinkDrain() {
    }

    /** Sends every link a GOAWAY and waits until no stream is open, at most timeout (or until interrupted). */
    public static void drain(TunnelRegistry registry, Duration timeout) {
        registry.goAwayAll();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (registry.openStreams() > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
