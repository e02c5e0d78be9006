// The admin's view of every user's sockets and live agents: list with filters, delete a socket, kick a link.
package dev.portway.server.api;

import dev.portway.protocol.api.AdminAgent;
import dev.portway.protocol.api.AdminSocket;
import dev.portway.protocol.api.AuditEntry;
import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.api.SocketType;
import dev.portway.protocol.link.GoAwayReason;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.audit.AuditLog;
import dev.portway.server.live.Disconnects;
import dev.portway.server.live.LiveTunnel;
import dev.portway.server.live.LiveTunnels;
import dev.portway.server.store.SocketFilter;
import dev.portway.server.store.SocketListing;
import dev.portway.server.store.SocketRecord;
import dev.portway.server.store.Store;
import dev.portway.server.store.User;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class AdminSockets {
    private final Store store;
    private final LiveTunnels live;
    private final Disconnects disconnects;
    private final ServerConfig config;
    private final SocketTeardown teardown;
    private final AuditLog audit;
    /** This node's id in a cluster; null on a single server. */
    private volatile String nodeId;

    AdminSockets(Store store, LiveTunnels live, Disconnects disconnects, ServerConfig config, SocketTeardown teardown,
                 AuditLog audit) {
        this.store = store;
        this.live = live;
        this.disconnects = disconnects;
        this.config = config;
        this.teardown = teardown;
        this.audit = audit;
    }

    /** ?user= (id or email), ?type= (http, https, tcp, tls), ?q= (part of the name or public name). */
    void list(Context ctx) {
        String type = Requests.query(ctx, "type");
        if (type != null) {
            type = SocketType.parse(type).orElseThrow(() -> new ApiException(ErrorCode.INVALID_SOCKET_TYPE,
                    "?type= takes one of " + String.join(", ", SocketType.ALL)));
        }
        ctx.json(store.socketListing(new SocketFilter(Requests.query(ctx, "user"), type, Requests.query(ctx, "q")))
                .stream().map(this::view).toList());
    }

    void delete(Context ctx) {
        SocketRecord s = store.findSocket(ctx.pathParam("socket_id"))
                .orElseThrow(() -> ApiException.notFound("socket " + ctx.pathParam("socket_id")));
        store.deleteSocket(s.id());
        teardown.removed(s);
        record(ctx, AuditEntry.SOCKET_DELETE, "socket " + s.dnsName(), "owner " + email(s.ownerId()));
        ctx.status(204);
    }

    void clusterNode(String id) {
        this.nodeId = id;
    }

    /**
     * Every live link, the longest-connected first: this server's, and in a cluster the other nodes' (from their
     * leases, without their traffic).
     */
    void agents(Context ctx) {
        Map<String, Optional<User>> owners = new HashMap<>();
        // Many links serve the same socket: each socket is read once per listing.
        Map<String, Optional<SocketRecord>> sockets = new HashMap<>();
        List<AdminAgent> agents = new ArrayList<>();
        List<LiveTunnel> links = new ArrayList<>(live.here());
        links.addAll(live.elsewhere());
        for (LiveTunnel l : links) {
            Optional<SocketRecord> socket = sockets.computeIfAbsent(l.socketId(), store::findSocket);
            // A lease does not carry the owner: the socket tells.
            String ownerId = l.heldHere() ? l.ownerId() : socket.map(SocketRecord::ownerId).orElse(null);
            Optional<User> owner = ownerId == null ? Optional.empty()
                    : owners.computeIfAbsent(ownerId, store::findUser);
            agents.add(new AdminAgent(l.tunnelId(), l.socketId(), socket.map(SocketRecord::name).orElse(null),
                    l.dnsName(), ownerId, owner.map(User::email).orElse(null), l.agentAddress(), l.agentHost(),
                    l.agentVersion(), l.connectedSince().toString(), l.bytesIn(), l.bytesOut(), l.openStreams(),
                    l.heldHere() ? nodeId : l.nodeId()));
        }
        agents.sort(Comparator.comparing(a -> Instant.parse(a.connectedSince())));
        ctx.json(agents);
    }

    /** Why a kicked agent's link closed: it is told so, rather than left to guess a restart, and dials again. */
    static final GoAwayReason KICKED = GoAwayReason.of(ErrorCode.KICKED, "disconnected by the server's admin");

    /**
     * Drops a tunnel's live link; its agent may connect again (disable the account to keep it out). A link another
     * node of the cluster holds (its lease says) is dropped by that node when it reads the signal.
     */
    void kick(Context ctx) {
        String tunnelId = ctx.pathParam("tunnel_id");
        // The leases read now, as the listing did: a link that went since the last poll is not kicked (nor audited).
        LiveTunnel l = live.statusNow(tunnelId)
                .orElseThrow(() -> ApiException.notFound("live link of tunnel " + tunnelId));
        if (l.heldHere()) {
            disconnects.disconnectTunnel(tunnelId, KICKED);
        } else {
            disconnects.disconnectTunnel(tunnelId);
        }
        record(ctx, AuditEntry.AGENT_KICK, "tunnel " + tunnelId + " of " + l.dnsName(),
                l.heldHere() ? "agent at " + l.agentAddress() : "agent on node " + l.nodeId());
        ctx.status(204);
    }

    private AdminSocket view(SocketListing listed) {
        SocketRecord s = listed.socket();
        boolean udp = SocketType.isUdp(s.socketType());
        return new AdminSocket(s.id(), s.ownerId(), listed.ownerEmail(), s.name(), s.dnsName(), s.socketType(),
                config.socketUrl(s.dnsName(), s.socketType(), s.port()), udp ? null : s.port(), udp ? s.port() : null,
                s.isProtected(), s.createdAt(),
                listed.tunnels().stream().map(t -> TunnelView.of(t, live)).toList(), s.allowedEmails(),
                s.allowedEmailDomains());
    }

    private String email(String userId) {
        return store.findUser(userId).map(User::email).orElse(userId);
    }

    private void record(Context ctx, String action, String target, String detail) {
        Caller by = Caller.of(ctx);
        audit.record(by.userId(), by.email(), action, target, detail, ctx.req().getRemoteAddr());
    }
}
