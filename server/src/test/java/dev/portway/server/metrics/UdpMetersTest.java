// The udp meters' totals, which the admin page shows, are the numbers the scrape exports: flows, datagrams and
// bytes each way, and every drop reason (those that never happened at 0).
package dev.portway.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UdpMetersTest {
    @Test
    void theTotalsAreWhatTheScrapeSays() {
        try (ServerMetrics metrics = new ServerMetrics()) {
            UdpMeters udp = metrics.udp();
            udp.flowOpened();
            udp.flowOpened();
            udp.flowClosed();
            udp.in(100);
            udp.in(1200);
            udp.out(40);
            udp.dropped(UdpDrop.QUEUE_FULL);
            udp.dropped(UdpDrop.QUEUE_FULL);
            udp.dropped(UdpDrop.NOT_ALLOWED);

            UdpMeters.Totals t = udp.totals();
            Scrape s = Scrape.of(metrics.scrape());
            assertEquals(List.of(1L, 2L, 2L, 1L, 1300L, 40L),
                    List.of(t.flowsOpen(), t.flowsOpened(), t.datagramsIn(), t.datagramsOut(), t.bytesIn(),
                            t.bytesOut()));
            assertEquals(List.of(1L, 2L, 2L, 1L, 1300L, 40L), List.of(
                    (long) s.value("portway_udp_flows_open"), (long) s.value("portway_udp_flows_opened_total"),
                    (long) s.value("portway_udp_datagrams_total", "direction=in"),
                    (long) s.value("portway_udp_datagrams_total", "direction=out"),
                    (long) s.value("portway_udp_payload_bytes_total", "direction=in"),
                    (long) s.value("portway_udp_payload_bytes_total", "direction=out")));
            Map<String, Long> dropped = new LinkedHashMap<>();
            for (UdpDrop reason : UdpDrop.values()) {
                dropped.put(reason.label(), (long) s.value("portway_udp_dropped_total", "reason=" + reason.label()));
            }
            assertEquals(dropped, t.dropped());
            assertEquals(List.copyOf(dropped.keySet()), List.copyOf(t.dropped().keySet()), "every reason, in order");
            assertEquals(2L, t.dropped().get("queue_full"));
            assertEquals(0L, t.dropped().get("no_tunnel"));
        }
    }
}
