// The admin's view of the server itself: version, uptime, listeners, sign-up (switchable), the TCP and UDP port
// ranges, and this node's udp traffic.
package dev.portway.server.api;

import dev.portway.protocol.Version;
import dev.portway.protocol.api.AdminServer;
import dev.portway.protocol.api.AdminServerUpdate;
import dev.portway.protocol.api.AuditEntry;
import dev.portway.protocol.api.SocketType;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.audit.AuditLog;
import dev.portway.server.edge.DedicatedPorts;
import dev.portway.server.live.LiveTunnels;
import dev.portway.server.metrics.UdpMeters;
import dev.portway.server.store.Store;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntSupplier;

final class AdminServerView {
    private final ServerConfig config;
    private final IntSupplier apiPort;
    private final Signup signup;
    private final Store store;
    private final LiveTunnels live;
    private final DedicatedPorts ports;
    private final UdpMeters udpMeters;
    private final AuditLog audit;
    private final Clock clock;
    private final Instant started;

    AdminServerView(ServerConfig config, IntSupplier apiPort, Signup signup, Store store, LiveTunnels live,
                    DedicatedPorts ports, UdpMeters udpMeters, AuditLog audit, Clock clock) {
        this.config = config;
        this.apiPort = apiPort;
        this.signup = signup;
        this.store = store;
        this.live = live;
        this.ports = ports;
        this.udpMeters = udpMeters;
        this.audit = audit;
        this.clock = clock;
        this.started = clock.instant();
    }

    void show(Context ctx) {
        ctx.json(view());
    }

    void update(Context ctx) {
        AdminServerUpdate req = Requests.body(ctx, AdminServerUpdate.class);
        if (req.signup() != null && req.signup() != signup.open()) {
            signup.set(req.signup());
            Caller by = Caller.of(ctx);
            audit.record(by.userId(), by.email(), AuditEntry.SERVER_SIGNUP, "server", req.signup() ? "open" : "closed",
                    ctx.req().getRemoteAddr());
        }
        ctx.json(view());
    }

    private AdminServer view() {
        String host = config.bind();
        List<AdminServer.Listener> listeners = List.of(
                new AdminServer.Listener("api", host, apiPort.getAsInt(), config.apiTls()),
                new AdminServer.Listener("http", host, config.httpPort(), false),
                new AdminServer.Listener("https", host, config.httpsPort(), true),
                new AdminServer.Listener("tunnel", host, config.tunnelPort(), true));
        int[] range = config.tcpPortRange();
        int[] udp = config.udpPortRange();
        Instant now = clock.instant();
        return new AdminServer(Version.PRODUCT, started.toString(), Duration.between(started, now).toSeconds(),
                config.domain(), listeners, signup.open(), new AdminServer.PortRange(range[0], range[1]),
                ports.inUse(), store.countUsers(), store.countSockets(), live.size(),
                new AdminServer.PortRange(udp[0], udp[1]), ports.forType(SocketType.UDP).inUse(), udpTraffic());
    }

    private AdminServer.UdpTraffic udpTraffic() {
        UdpMeters.Totals t = udpMeters.totals();
        return new AdminServer.UdpTraffic(t.flowsOpen(), t.flowsOpened(), t.datagramsIn(), t.datagramsOut(),
                t.bytesIn(), t.bytesOut(), t.dropped());
    }
}
