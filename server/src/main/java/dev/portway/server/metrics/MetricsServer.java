// /metrics on a port of its own (--metrics-port), so that the scrape can be opened to a Prometheus network while
// the API port is not, or the other way round.
package dev.portway.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

public final class MetricsServer implements AutoCloseable {
    private final HttpServer http;

    private MetricsServer(HttpServer http) {
        this.http = http;
    }

    /** Listens on host:port (0: any free port) and answers GET /metrics; every other path is 404. */
    public static MetricsServer start(String host, int port, ServerMetrics metrics) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 16);
        http.createContext("/", ex -> answer(ex, metrics));
        http.start();
        return new MetricsServer(http);
    }

    private static void answer(HttpExchange ex, ServerMetrics metrics) throws IOException {
        try (ex) {
            boolean scrape = ex.getRequestURI().getPath().equals("/metrics");
            if (!scrape || !ex.getRequestMethod().equals("GET")) {
                ex.sendResponseHeaders(scrape ? 405 : 404, -1);
                return;
            }
            byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", ServerMetrics.CONTENT_TYPE);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
