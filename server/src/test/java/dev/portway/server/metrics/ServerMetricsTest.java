// The live-link meters read through the live view at each scrape: tunnels online, streams open, and bytes that
// never go back when a link ends (its bytes move from the live sum to the ended total). Also: a part that keeps its
// own meters (the certificates' census) binds them into the one registry.
package dev.portway.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.server.live.FixedLiveTunnels;
import io.micrometer.core.instrument.Gauge;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {
    @Test
    void liveLinksAreReadAtEachScrapeAndEndedBytesKeepTheirCount() {
        try (ServerMetrics metrics = new ServerMetrics()) {
            FixedLiveTunnels live = new FixedLiveTunnels().here("a", 100, 10, 2).here("b", 50, 5, 1);
            metrics.watch(live);
            Scrape first = Scrape.of(metrics.scrape());
            assertEquals(2, first.value("portway_tunnels_online"));
            assertEquals(3, first.value("portway_streams_open"));
            assertEquals(150, first.value("portway_visitor_received_bytes_total"));
            assertEquals(15, first.value("portway_visitor_sent_bytes_total"));

            live.end("a");
            Scrape gone = Scrape.of(metrics.scrape());
            assertEquals(1, gone.value("portway_tunnels_online"));
            assertEquals(150, gone.value("portway_visitor_received_bytes_total"),
                    "a link out of the live sum before its bytes are added: the counter does not go back");

            metrics.linkEnded(100, 10);
            live.here("c", 7, 3, 0);
            Scrape after = Scrape.of(metrics.scrape());
            assertEquals(157, after.value("portway_visitor_received_bytes_total"));
            assertEquals(18, after.value("portway_visitor_sent_bytes_total"));
            assertEquals(1, after.value("portway_link_disconnects_total"));
        }
    }

    @Test
    void aPartsOwnMetersAreBoundIntoTheRegistry() {
        try (ServerMetrics metrics = new ServerMetrics()) {
            metrics.watch(registry -> Gauge.builder("portway.certificates", () -> 4).tag("state", "valid")
                    .register(registry));
            assertEquals(4, Scrape.of(metrics.scrape()).value("portway_certificates", "state=valid"));
        }
    }
}
