// The server's meters, in one Prometheus registry: visitors, requests, bytes, tunnels, links, the API and the JVM.
// Every name starts with portway_, the JVM's too. Labels take a few fixed values only, never a name or an address.
package dev.portway.server.metrics;

import dev.portway.protocol.api.ErrorCode;
import dev.portway.server.live.LiveTunnel;
import dev.portway.server.live.LiveTunnels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

public final class ServerMetrics implements AutoCloseable {
    /** Prometheus' text format, as /metrics answers it. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String PREFIX = "portway.";
    private static final String[] VISITOR_EDGES = {"http", "https", "tcp", "tls", "udp"};
    private static final String[] REQUEST_EDGES = {"http", "https"};
    private static final String[] ANSWERED_BY = {"edge", "origin"};
    /** What a hello is refused with today; any other code still gets its series when it first happens. */
    private static final ErrorCode[] HELLO_REFUSALS = {ErrorCode.UNAUTHORIZED, ErrorCode.NOT_FOUND,
        ErrorCode.UNSUPPORTED_VERSION, ErrorCode.TOO_MANY_ATTEMPTS, ErrorCode.REPLACED};
    private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Counter[] visitors = new Counter[VISITOR_EDGES.length];
    /** [edge][answered by][status class] */
    private final Counter[][][] requests = new Counter[REQUEST_EDGES.length][ANSWERED_BY.length][CLASSES.length];
    private final Counter linkConnects;
    private final Counter linkDisconnects;
    /** Bytes of links that have ended; the live ones are summed at each scrape from their own counters. */
    private final AtomicLong endedIn = new AtomicLong();
    private final AtomicLong endedOut = new AtomicLong();
    private final UdpMeters udp;

    public ServerMetrics() {
        // The JVM binders name their meters jvm.*, process.*, system.*: one prefix keeps the whole scrape ours.
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().startsWith(PREFIX) ? id : id.withName(PREFIX + id.getName());
            }
        });
        for (int e = 0; e < VISITOR_EDGES.length; e++) {
            visitors[e] = Counter.builder(PREFIX + "visitor.connections")
                    .description("Visitor connections that reached a socket's front door, by edge")
                    .tag("edge", VISITOR_EDGES[e]).register(registry);
        }
        for (int e = 0; e < REQUEST_EDGES.length; e++) {
            for (int by = 0; by < ANSWERED_BY.length; by++) {
                for (int c = 0; c < CLASSES.length; c++) {
                    requests[e][by][c] = Counter.builder(PREFIX + "visitor.requests")
                            .description("HTTP responses to visitors, by edge, status class and who answered "
                                    + "(edge: the server's own page; origin: the tunnel's service)")
                            .tags("edge", REQUEST_EDGES[e], "answered_by", ANSWERED_BY[by], "status", CLASSES[c])
                            .register(registry);
                }
            }
        }
        linkConnects = Counter.builder(PREFIX + "link.connects")
                .description("Tunnel links accepted (each reconnect counts again)").register(registry);
        linkDisconnects = Counter.builder(PREFIX + "link.disconnects")
                .description("Tunnel links that ended").register(registry);
        udp = new UdpMeters(registry, PREFIX);
        for (ErrorCode code : HELLO_REFUSALS) {
            // Created up front so that a failure rate starts from zero instead of appearing at the first failure.
            linkFailures(code);
        }
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** Tunnels online, streams open and visitor bytes, read from the live links at each scrape. */
    public void watch(LiveTunnels tunnels) {
        Gauge.builder(PREFIX + "tunnels.online", tunnels, LiveTunnels::size)
                .description("Tunnel links online now").register(registry);
        Gauge.builder(PREFIX + "streams.open", tunnels, LiveTunnels::openStreams)
                .description("Visitor streams open now over all links").register(registry);
        bytes("visitor.received", "Bytes received from visitors and sent on toward agents", tunnels,
                endedIn, LiveTunnel::bytesIn);
        bytes("visitor.sent", "Bytes sent to visitors from agents", tunnels, endedOut, LiveTunnel::bytesOut);
    }

    /**
     * Meters a part of the server keeps itself (the certificates' census): it names them portway.*, and binds them
     * here, so that the metrics need not know that part.
     */
    public void watch(MeterBinder meters) {
        meters.bindTo(registry);
    }

    private void bytes(String name, String description, LiveTunnels tunnels, AtomicLong ended,
                       ToLongFunction<LiveTunnel> live) {
        AtomicLong highest = new AtomicLong();
        FunctionCounter.builder(PREFIX + name, tunnels, t -> {
            long now = ended.get() + t.here().stream().mapToLong(live).sum();
            // A link that just left is out of the live sum a moment before its bytes are added to the ended:
            // a counter never goes back, so that moment shows the last value.
            return highest.accumulateAndGet(now, Math::max);
        }).description(description).baseUnit("bytes").register(registry);
    }

    /** The datagrams, bytes, flows and drops of udp sockets. */
    public UdpMeters udp() {
        return udp;
    }

    /** A visitor connection reached the front door of the edge: http, https, tcp or tls; for udp, a new flow. */
    public void visitor(String edge) {
        visitors[indexOf(VISITOR_EDGES, edge)].increment();
    }

    /** The edge answered an HTTP request with its own page (refusal, redirect, sign-in, no tunnel). */
    public void edgeAnswered(String edge, int status) {
        requests[indexOf(REQUEST_EDGES, edge)][0][statusClass(status)].increment();
    }

    /** The origin behind a tunnel answered an HTTP request. */
    public void originAnswered(String edge, int status) {
        requests[indexOf(REQUEST_EDGES, edge)][1][statusClass(status)].increment();
    }

    public void linkConnected() {
        linkConnects.increment();
    }

    /** A link ended having moved these bytes; they move from the live sum to the total of ended links. */
    public void linkEnded(long bytesIn, long bytesOut) {
        endedIn.addAndGet(bytesIn);
        endedOut.addAndGet(bytesOut);
        linkDisconnects.increment();
    }

    /** An agent's hello was refused, with the code it was told. */
    public void linkRefused(ErrorCode code) {
        linkFailures(code).increment();
    }

    private Counter linkFailures(ErrorCode code) {
        return Counter.builder(PREFIX + "link.failures")
                .description("Agent hellos refused, by the error code the agent was told")
                .tag("reason", code.wire()).register(registry);
    }

    /** One API request: route is the matched template (/api/v1/sockets/{socket_id}), never the raw path. */
    public void apiRequest(String route, String method, int status, Duration took) {
        Timer.builder(PREFIX + "api.requests")
                .description("API requests, by route template, method and status class")
                .tags("route", route, "method", method.toUpperCase(Locale.ROOT),
                        "status", CLASSES[statusClass(status)])
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry).record(took);
    }

    /** The registry in Prometheus' text format. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private static int statusClass(int status) {
        return status >= 100 && status < 600 ? status / 100 - 1 : CLASSES.length - 1;
    }

    private static int indexOf(String[] values, String value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i].equals(value)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no such edge: " + value);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
