// docs/grafana/portway.json is an importable dashboard whose every query asks for what a real server exports:
// each metric it names, and each label it groups by, is in a real scrape.
package dev.portway.server.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.protocol.Json;
import dev.portway.server.PortwayServer;
import dev.portway.server.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "portway.json");
    private static final Pattern METRIC = Pattern.compile("portway_[a-z0-9_]+");
    /** "sum by (edge, status) (rate(portway_x{…" : the labels and the metric they group. */
    /** A selector's exact matches: portway_x{a="b",c=~"d"} gives a="b". */
    private static final Pattern SELECTOR = Pattern.compile("(portway_[a-z0-9_]+)\\{([^}]*)}");
    private static final Pattern EXACT = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");
    private static final Pattern GROUPED = Pattern.compile("by \\(([^)]*)\\) \\((?:rate\\()?(portway_[a-z0-9_]+)");

    @TempDir
    Path dir;

    @Test
    void theDashboardParsesAndAsksOnlyForWhatTheServerExports() throws Exception {
        JsonNode dash = Json.mapper().readTree(Files.readString(DASHBOARD));
        assertEquals("portway-server", dash.get("uid").asText());
        JsonNode datasource = dash.at("/templating/list/0");
        assertEquals("datasource", datasource.get("type").asText());
        assertEquals("prometheus", datasource.get("query").asText());

        List<String> exprs = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dash.get("panels")) {
            assertTrue(ids.add(panel.get("id").asInt()), "panel ids are unique: " + panel.get("id"));
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            assertEquals("${datasource}", panel.at("/datasource/uid").asText(), panel.get("title").asText());
            assertFalse(panel.get("targets").isEmpty(), panel.get("title").asText());
            panel.get("targets").forEach(t -> exprs.add(t.get("expr").asText()));
        }
        assertTrue(exprs.size() >= 15, "panels for every area: " + exprs.size());

        Scrape scrape;
        try (PortwayServer server = TestServers.start(dir)) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.config().apiPort();
            // A timed API request and a GC pause, so that the API histogram and the GC summary have samples.
            http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/server")).build(),
                    HttpResponse.BodyHandlers.discarding());
            System.gc();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    Scrape.fetch(http, base + "/metrics").has("portway_jvm_gc_pause_seconds_sum"));
            scrape = Scrape.fetch(http, base + "/metrics");
        }
        Set<String> names = scrape.names();
        for (String expr : exprs) {
            Matcher m = METRIC.matcher(expr);
            assertTrue(m.find(), "every query asks for a portway metric: " + expr);
            do {
                assertTrue(names.contains(m.group()), m.group() + " is not exported; asked by " + expr);
            } while (m.find());
            Matcher g = GROUPED.matcher(expr);
            while (g.find()) {
                for (String label : g.group(1).split(",\\s*")) {
                    assertTrue(label.equals("le") || scrape.samples().stream().anyMatch(
                            l -> l.startsWith(g.group(2) + "{") && l.contains(label + "=\"")),
                            g.group(2) + " has no label " + label + "; grouped by in " + expr);
                }
            }
            Matcher sel = SELECTOR.matcher(expr);
            while (sel.find()) {
                Matcher exact = EXACT.matcher(sel.group(2));
                while (exact.find()) {
                    String pair = exact.group(1) + "=\"" + exact.group(2) + "\"";
                    assertTrue(scrape.samples().stream().anyMatch(l -> l.startsWith(sel.group(1) + "{")
                            && l.contains(pair)), sel.group(1) + " has no sample with " + pair + "; in " + expr);
                }
            }
        }
    }
}
