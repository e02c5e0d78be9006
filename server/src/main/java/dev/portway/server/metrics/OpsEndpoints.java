// The operator's endpoints on the API port, outside /api/v1 and without sign-in: /healthz, /readyz and (unless
// --metrics-port moves it) /metrics, which only this machine or the holder of the metrics token may read; and the
// timing of every API request.
package dev.portway.server.metrics;

import dev.portway.protocol.api.ApiError;
import dev.portway.protocol.api.Health;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

public final class OpsEndpoints {
    private final ServerMetrics metrics;
    private final Readiness readiness;
    private final boolean metricsHere;
    private final MetricsGuard guard;

    /** metricsHere: /metrics is served on the API port (false when it has a port of its own). */
    public OpsEndpoints(ServerMetrics metrics, Readiness readiness, boolean metricsHere, MetricsGuard guard) {
        this.metrics = metrics;
        this.readiness = readiness;
        this.metricsHere = metricsHere;
        this.guard = guard;
    }

    /** The meters of udp sockets, whose totals the admin page shows. */
    public UdpMeters udp() {
        return metrics.udp();
    }

    /** plainGuard: runs before /metrics (on an HTTPS-only API it refuses plain requests, as the API does). */
    public void addTo(JavalinConfig c, Handler plainGuard) {
        c.requestLogger.http(this::timed);
        c.router.mount(r -> {
            r.get("/healthz", ctx -> ctx.json(Health.ok()));
            r.get("/readyz", this::ready);
            if (metricsHere) {
                r.get("/metrics", ctx -> {
                    plainGuard.handle(ctx);
                    scrape(ctx);
                });
            }
        });
    }

    private void scrape(Context ctx) throws UnknownHostException {
        boolean relayed = ctx.header("Forwarded") != null || ctx.header("X-Forwarded-For") != null;
        MetricsGuard.Refusal no = guard.refusal(InetAddress.getByName(ctx.req().getRemoteAddr()), relayed,
                ctx.header("Authorization"));
        if (no != null) {
            if (no.code().status() == 401) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"metrics\"");
            }
            ctx.status(no.code().status()).json(ApiError.of(no.code(), no.message()));
            return;
        }
        ctx.contentType(ServerMetrics.CONTENT_TYPE).result(metrics.scrape());
    }

    private void ready(Context ctx) {
        List<String> unready = readiness.unready();
        if (unready.isEmpty()) {
            ctx.json(Health.ok());
        } else {
            ctx.status(503).json(Health.unready(unready));
        }
    }

    private void timed(Context ctx, Float millis) {
        metrics.apiRequest(route(ctx), ctx.method().name(), ctx.statusCode(),
                Duration.ofNanos((long) (millis * 1_000_000.0)));
    }

    /** The matched route template; a request no route matched gets one label, whatever its path. */
    private static String route(Context ctx) {
        try {
            String path = ctx.endpointHandlerPath();
            return path == null || path.isEmpty() ? "unmatched" : path;
        } catch (IllegalStateException e) {
            // Ended in a before-handler (a refusal), before any route was chosen.
            return "unmatched";
        }
    }
}
