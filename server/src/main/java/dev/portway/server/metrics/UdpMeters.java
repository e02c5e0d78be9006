// The meters of udp sockets: datagrams and bytes each way, flows open and opened, datagrams dropped by reason.
package dev.portway.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

public final class UdpMeters {
    private static final String DATAGRAMS = "Datagrams relayed by udp sockets (in: from visitors toward agents;"
            + " out: from agents to visitors)";
    private static final String BYTES = "Datagram payload bytes relayed by udp sockets, by direction";
    private final Counter datagramsIn;
    private final Counter datagramsOut;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter flowsOpened;
    private final AtomicLong flowsOpen = new AtomicLong();
    private final Counter[] dropped = new Counter[UdpDrop.values().length];

    UdpMeters(MeterRegistry registry, String prefix) {
        datagramsIn = counter(registry, prefix + "udp.datagrams", DATAGRAMS, "in");
        datagramsOut = counter(registry, prefix + "udp.datagrams", DATAGRAMS, "out");
        bytesIn = counter(registry, prefix + "udp.payload", BYTES, "in");
        bytesOut = counter(registry, prefix + "udp.payload", BYTES, "out");
        flowsOpened = Counter.builder(prefix + "udp.flows.opened")
                .description("Flows (one visitor address and port on a udp socket) that got a stream")
                .register(registry);
        Gauge.builder(prefix + "udp.flows.open", flowsOpen, AtomicLong::get)
                .description("Flows of udp sockets open now").register(registry);
        for (UdpDrop reason : UdpDrop.values()) {
            dropped[reason.ordinal()] = Counter.builder(prefix + "udp.dropped")
                    .description("Datagrams the edge dropped, by reason").tag("reason", reason.label())
                    .register(registry);
        }
    }

    private static Counter counter(MeterRegistry registry, String name, String description, String direction) {
        Counter.Builder b = Counter.builder(name).description(description).tag("direction", direction);
        return (name.endsWith("payload") ? b.baseUnit("bytes") : b).register(registry);
    }

    /** A datagram from a visitor went on toward the agent. */
    public void in(int bytes) {
        datagramsIn.increment();
        bytesIn.increment(bytes);
    }

    /** A datagram from the agent went out to the visitor. */
    public void out(int bytes) {
        datagramsOut.increment();
        bytesOut.increment(bytes);
    }

    public void flowOpened() {
        flowsOpened.increment();
        flowsOpen.incrementAndGet();
    }

    public void flowClosed() {
        flowsOpen.decrementAndGet();
    }

    public void dropped(UdpDrop reason) {
        dropped[reason.ordinal()].increment();
    }

    /** This node's counts since it started (what the scrape shows), for the admin page. */
    public Totals totals() {
        Map<String, Long> drops = new LinkedHashMap<>();
        for (UdpDrop reason : UdpDrop.values()) {
            drops.put(reason.label(), (long) dropped[reason.ordinal()].count());
        }
        return new Totals(flowsOpen.get(), (long) flowsOpened.count(), (long) datagramsIn.count(),
                (long) datagramsOut.count(), (long) bytesIn.count(), (long) bytesOut.count(), drops);
    }

    /** dropped: by reason label, every reason, in UdpDrop's order. */
    public record Totals(long flowsOpen, long flowsOpened, long datagramsIn, long datagramsOut, long bytesIn,
                         long bytesOut, Map<String, Long> dropped) {
        public Totals {
            dropped = Collections.unmodifiableMap(new LinkedHashMap<>(dropped));
        }
    }
}
