// The clock of the event streams: once a second each watched user's traffic (TrafficTick), every 15 s a comment that
// keeps quiet streams open; one bad tick is logged and the next one comes all the same.
package dev.portway.server.events;

import dev.portway.server.live.LiveTunnels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class TrafficTicker implements Runnable {
    /** Logged as the server's lines: the log reads as it did when the server ticked itself. */
    private static final Logger LOG = LoggerFactory.getLogger("dev.portway.server.PortwayServer");

    private final UserEvents events;
    private final LiveTunnels tunnels;
    private long ticks;

    public TrafficTicker(UserEvents events, LiveTunnels tunnels) {
        this.events = events;
        this.tunnels = tunnels;
    }

    /** One tick; run once a second on one thread. */
    @Override
    public void run() {
        try {
            send(++ticks);
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: one bad tick must not end the stream of samples.
            LOG.warn("could not send traffic events: {}", e.toString());
        }
    }

    private void send(long n) {
        TrafficTick.send(events, tunnels.here());
        if (n % 15 == 0) {
            events.comment("still here");
        }
    }
}
