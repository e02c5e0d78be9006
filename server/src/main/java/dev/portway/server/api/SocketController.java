// Sockets and their tunnels: create, list, show, delete; every lookup is scoped to the signed-in owner.
package dev.portway.server.api;

import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.ApiEvents;
import dev.portway.protocol.api.CertificateInfo;
import dev.portway.protocol.api.CustomDomainInfo;
import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.SocketType;
import dev.portway.protocol.api.UpdateSocket;
import dev.portway.protocol.api.TunnelInfo;
import dev.portway.protocol.link.GoAwayReason;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.edge.DedicatedPorts;
import dev.portway.server.edge.EdgeSocket;
import dev.portway.server.edge.SocketCatalog;
import dev.portway.server.events.UserEvents;
import dev.portway.server.live.Disconnects;
import dev.portway.server.live.LiveTunnels;
import dev.portway.server.security.SecretHasher;
import dev.portway.server.store.CustomDomainRecord;
import dev.portway.server.store.NameGenerator;
import dev.portway.server.store.Quota;
import dev.portway.server.store.SocketRecord;
import dev.portway.server.store.Store;
import dev.portway.server.store.TunnelRecord;
import dev.portway.server.tls.CertificateBook;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Function;

final class SocketController {
    private static final int MAX_NAME = 100;
    private static final int NAME_TRIES = 20;

    private final Store store;
    private final LiveTunnels live;
    private final Disconnects disconnects;
    private final ServerConfig config;
    private final SocketNames names;

    private final SocketCatalog catalog;
    private final DedicatedPorts ports;
    private final UserEvents events;
    private final SocketTeardown teardown;
    private final CertificateBook certificates;
    private final SocketDomains domains;
    /** The ACME engine's last error for a name's certificate (null: none, or no engine). */
    private volatile Function<String, String> certificateErrors = name -> null;

    SocketController(Store store, LiveTunnels live, Disconnects disconnects, ServerConfig config,
                     SocketCatalog catalog, DedicatedPorts ports, UserEvents events, SocketTeardown teardown,
                     CertificateBook certificates, SocketDomains domains) {
        this.certificates = certificates;
        this.domains = domains;
        this.events = events;
        this.catalog = catalog;
        this.ports = ports;
        this.store = store;
        this.live = live;
        this.disconnects = disconnects;
        this.config = config;
        this.teardown = teardown;
        this.names = new SocketNames(new NameGenerator(), config.names(), config.domain());
    }

    void create(Context ctx) {
        String owner = Caller.of(ctx).userId();
        CreateSocket req = Requests.body(ctx, CreateSocket.class);
        String type = SocketType.parse(req.socketType()).orElseThrow(() -> new ApiException(
                ErrorCode.INVALID_SOCKET_TYPE, "unknown socket type \"" + req.socketType() + "\"; use one of "
                + String.join(", ", SocketType.ALL)));
        String name = validName(req.name() == null ? "" : req.name());
        SocketRecord base = SocketAccess.apply(SocketRecord.open(UUID.randomUUID().toString(), owner, name, "",
                type, null, Instant.now().toString()), SocketAccess.Change.of(req), config.oidc().enabled());
        String chosen = req.subdomain() == null ? null : names.chosen(req.subdomain());
        for (int i = 0; i < (chosen == null ? NAME_TRIES : 1); i++) {
            String dns = chosen == null ? names.random() : chosen;
            SocketRecord s = base.withDnsName(dns, name.isEmpty() ? dns : name);
            Optional<SocketRecord> created = SocketType.isRaw(type) ? insertWithPort(s) : insert(s);
            if (created.isPresent()) {
                catalog.put(created.get());
                SocketInfo info = view(created.get());
                events.publish(owner, ApiEvents.SOCKET, info);
                ctx.status(201).json(info);
                return;
            }
        }
        if (chosen != null) {
            throw taken(owner, chosen);
        }
        throw new ApiException(ErrorCode.INTERNAL, "could not find a free name; try again");
    }

    /** 409 for a name the store holds: the owner's own socket is named, anyone else's is only said to be taken. */
    private ApiException taken(String owner, String dnsName) {
        return store.findSocketByDnsName(dnsName).filter(s -> s.ownerId().equals(owner))
                .map(s -> new ApiException(ErrorCode.NAME_TAKEN, "you have a socket named " + dnsName
                        + " already (" + s.id() + "); pick another subdomain"))
                .orElseGet(() -> new ApiException(ErrorCode.NAME_TAKEN, dnsName
                        + " is taken; pick another subdomain"));
    }

    /** The socket as stored; empty when its name is taken (another try picks another). */
    private Optional<SocketRecord> insert(SocketRecord s) {
        Store.Insert r = store.createSocket(s, config.quotas().quota());
        refuseOverQuota(s.ownerId(), r);
        return r == Store.Insert.CREATED ? Optional.of(s) : Optional.empty();
    }

    /**
     * Binds a free port of the range and stores it with the socket; the port's UNIQUE column settles races, and the
     * store's count of the owner's sockets and ports their quota.
     */
    private Optional<SocketRecord> insertWithPort(SocketRecord s) {
        Store.Insert[] result = {null};
        DedicatedPorts own = ports.forType(s.socketType());
        OptionalInt port = own.allocate(p -> {
            result[0] = store.createSocket(s.withPort(p), config.quotas().quota());
            return result[0] != Store.Insert.PORT_TAKEN;
        });
        if (port.isEmpty()) { // each port bound here, or stored by another node (the last try's PORT_TAKEN)
            boolean udp = SocketType.isUdp(s.socketType());
            int[] range = udp ? config.udpPortRange() : config.tcpPortRange();
            throw new ApiException(ErrorCode.NO_PORT_AVAILABLE, "every port of this server's " + (udp ? "UDP " : "")
                    + "range " + range[0] + "-" + range[1] + " is taken; delete a " + (udp ? "udp" : "tcp or tls")
                    + " socket, or ask the operator for more ports");
        }
        if (result[0] != Store.Insert.CREATED) {
            own.release(port.getAsInt());
            refuseOverQuota(s.ownerId(), result[0]);
            return Optional.empty(); // the name was taken
        }
        return Optional.of(s.withPort(port.getAsInt()));
    }

    /** A 403 naming the limit the owner is at (their own, if an admin set one), or nothing for other results. */
    private void refuseOverQuota(String owner, Store.Insert result) {
        if (result != Store.Insert.OVER_SOCKET_QUOTA && result != Store.Insert.OVER_PORT_QUOTA) {
            return;
        }
        Quota quota = store.findUser(owner).map(u -> u.limits().over(config.quotas().quota()))
                .orElse(config.quotas().quota());
        if (result == Store.Insert.OVER_SOCKET_QUOTA) {
            throw new ApiException(ErrorCode.LIMIT_REACHED, "this account may have " + quota.sockets()
                    + " sockets on this server; delete one first");
        }
        throw new ApiException(ErrorCode.QUOTA_EXCEEDED, "this account may have " + quota.ports()
                + " tcp, tls or udp sockets (each holds a dedicated port) on this server; delete one first,"
                + " or ask the server's admin for more");
    }

    /**
     * PATCH: a new name, sign-in method, allow list or list of custom domains, in force for the next visitor without
     * reconnecting tunnels. Everything is checked before anything is stored; the domains (which may be taken or
     * over the account's quota) are stored first.
     */
    void update(Context ctx) {
        SocketRecord s = owned(ctx);
        UpdateSocket req = Requests.body(ctx, UpdateSocket.class);
        String name = req.name() == null ? s.name() : validName(req.name());
        SocketRecord updated = SocketAccess.apply(s.withDnsName(s.dnsName(), name.isEmpty() ? s.dnsName() : name),
                SocketAccess.Change.of(req), config.oidc().enabled());
        Caller by = Caller.of(ctx);
        String from = ctx.req().getRemoteAddr();
        if (req.customDomains() != null) {
            domains.replace(s, domains.validate(s, req.customDomains()), by, from);
        }
        if (Boolean.TRUE.equals(req.verify())) {
            domains.verify(s, by, from);
        }
        if (!store.updateSocket(updated)) {
            throw ApiException.notFound("socket " + s.id()); // deleted meanwhile: it must not come back as a route
        }
        // Read back: a removed domain stops being served at once, and the answer shows the domains as stored.
        updated = store.findSocket(s.id()).orElseThrow(() -> ApiException.notFound("socket " + s.id()));
        catalog.put(updated);
        SocketInfo info = view(updated);
        events.publish(s.ownerId(), ApiEvents.SOCKET, info);
        ctx.json(info);
    }

    private static String validName(String raw) {
        String name = raw.strip();
        if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new ApiException(ErrorCode.INVALID_NAME,
                    "the name must be at most " + MAX_NAME + " printable characters");
        }
        return name;
    }

    void list(Context ctx) {
        String owner = Caller.of(ctx).userId();
        ctx.json(store.socketListing(owner).stream().map(l -> view(l.socket(), l.tunnels(), l.domains())).toList());
    }

    void show(Context ctx) {
        ctx.json(view(owned(ctx)));
    }

    void delete(Context ctx) {
        SocketRecord s = owned(ctx);
        store.deleteSocket(s.id());
        teardown.removed(s);
        ctx.status(204);
    }

    void createTunnel(Context ctx) {
        SocketRecord s = owned(ctx);
        int max = config.quotas().tunnelsPerSocket();
        String credential = newCredential();
        TunnelRecord t = new TunnelRecord(UUID.randomUUID().toString(), s.id(),
                SecretHasher.hash(credential, SecretHasher.TOKEN_ITERATIONS), 0, 0, Instant.now().toString());
        if (!store.createTunnel(t, max)) {
            throw new ApiException(ErrorCode.LIMIT_REACHED, "a socket may have " + max
                    + " tunnels on this server; delete one first");
        }
        TunnelInfo info = view(t);
        events.publish(s.ownerId(), ApiEvents.TUNNEL, info);
        ctx.status(201).json(info.withCredential(credential));
    }

    void listTunnels(Context ctx) {
        ctx.json(tunnels(owned(ctx)));
    }

    void showTunnel(Context ctx) {
        ctx.json(view(ownedTunnel(ctx)));
    }

    void deleteTunnel(Context ctx) {
        SocketRecord s = owned(ctx);
        TunnelRecord t = tunnelOf(s, ctx);
        store.deleteTunnel(t.id());
        disconnects.disconnectTunnel(t.id());
        events.publish(s.ownerId(), ApiEvents.TUNNEL_DELETED,
                new ApiEvents.Deleted(t.socketId(), t.id()));
        ctx.status(204);
    }

    /** Issues a fresh credential for connecting; a link opened with the old one is closed. */
    void rotateCredential(Context ctx) {
        TunnelRecord t = ownedTunnel(ctx);
        String credential = newCredential();
        store.setTunnelCredential(t.id(), SecretHasher.hash(credential, SecretHasher.TOKEN_ITERATIONS));
        // Renewing is how another agent takes a tunnel over (portway tunnel connect, the app's switch): the agent
        // that held it hears so, and stops instead of retrying as if the server were restarting.
        disconnects.disconnectTunnel(t.id(), GoAwayReason.of(ErrorCode.REPLACED, "replaced by another agent: the"
                + " tunnel's credential was renewed from " + ctx.req().getRemoteAddr()));
        ctx.json(view(t).withCredential(credential));
    }

    /**
     * A custom domain of the socket was verified or failed (by this node's checker): the edge serves it from now on
     * (or still does not), and the owner's apps hear of it.
     */
    public void domainSettled(String socketId) {
        store.findSocket(socketId).ifPresent(s -> {
            catalog.put(s);
            events.publish(s.ownerId(), ApiEvents.SOCKET, view(s));
        });
    }

    /**
     * A certificate for this name (a socket's own or one of its custom domains) is served, renewed or withdrawn: the
     * owner's apps show the new one at once, without waiting for the next list. Wildcards change every socket and are
     * not told one by one.
     */
    public void certificateChanged(String name) {
        catalog.byName(name).map(EdgeSocket::id)
                .or(() -> Optional.ofNullable(catalog.customDomains().served().get(name)))
                .flatMap(store::findSocket)
                .filter(s -> events.watched(s.ownerId()))
                .ifPresent(s -> events.publish(s.ownerId(), ApiEvents.SOCKET, view(s)));
    }

    /** Tells the owner's event streams how a tunnel stands now (after its link came or went). */
    public void tunnelChanged(String ownerId, String tunnelId) {
        if (events.watched(ownerId)) {
            store.findTunnel(tunnelId).ifPresent(t -> events.publish(ownerId, ApiEvents.TUNNEL, view(t)));
        }
    }

    private SocketRecord owned(Context ctx) {
        String owner = Caller.of(ctx).userId();
        // Another user's socket answers exactly like a missing one: ids leak nothing.
        return store.findSocket(ctx.pathParam("socket_id")).filter(s -> s.ownerId().equals(owner))
                .orElseThrow(() -> ApiException.notFound("socket " + ctx.pathParam("socket_id")));
    }

    private TunnelRecord ownedTunnel(Context ctx) {
        return tunnelOf(owned(ctx), ctx);
    }

    private TunnelRecord tunnelOf(SocketRecord s, Context ctx) {
        return store.findTunnel(ctx.pathParam("tunnel_id")).filter(t -> t.socketId().equals(s.id()))
                .orElseThrow(() -> ApiException.notFound("tunnel " + ctx.pathParam("tunnel_id")));
    }

    private SocketInfo view(SocketRecord s) {
        return view(s, store.listTunnels(s.id()), store.listCustomDomains(s.id()));
    }

    /** The socket with its tunnels and custom domain claims as the store has them. */
    private SocketInfo view(SocketRecord s, List<TunnelRecord> tunnels, List<CustomDomainRecord> claims) {
        boolean udp = SocketType.isUdp(s.socketType());
        return new SocketInfo(s.id(), s.name(), s.dnsName(), s.socketType(),
                config.socketUrl(s.dnsName(), s.socketType(), s.port()), udp ? null : s.port(),
                s.port() == null ? null : s.dnsName() + ":" + s.port(), s.isProtected(), s.username(), s.allowIps(),
                s.createdAt(), tunnels.stream().map(this::view).toList(), customDomains(s, claims), certificate(s),
                s.allowedEmails(), s.allowedEmailDomains(), udp ? s.port() : null);
    }

    /** Each domain with the certificate the edge serves for exactly it (a tls socket's origin serves its own). */
    private List<CustomDomainInfo> customDomains(SocketRecord s, List<CustomDomainRecord> claims) {
        List<CustomDomainInfo> listed = SocketDomains.view(claims);
        if (SocketType.isRaw(s.socketType())) {
            return listed;
        }
        return listed.stream().map(d -> new CustomDomainInfo(d.name(), d.status(), d.txtName(), d.txtValue(),
                certificates.describeOwnOf(d.name()).map(c -> withError(c, d.name())).orElse(null))).toList();
    }

    void certificateErrors(Function<String, String> errors) {
        certificateErrors = errors;
    }

    /**
     * What the HTTPS edge serves for an http(s) socket's name, with the CA's last error if ordering its own failed;
     * tcp and tls sockets' TLS is not the server's.
     */
    private CertificateInfo certificate(SocketRecord s) {
        if (SocketType.isRaw(s.socketType())) {
            return null;
        }
        return certificates.describe(s.dnsName()).map(c -> withError(c, s.dnsName())).orElse(null);
    }

    /** The certificate with the CA's last error for the name, if ordering or renewing its own failed. */
    private CertificateInfo withError(CertificateInfo served, String name) {
        String error = certificateErrors.apply(name);
        return error == null ? served : new CertificateInfo(served.issuer(), served.names(), served.notBefore(),
                served.notAfter(), error);
    }

    private List<TunnelInfo> tunnels(SocketRecord s) {
        return store.listTunnels(s.id()).stream().map(this::view).toList();
    }

    private TunnelInfo view(TunnelRecord t) {
        return TunnelView.of(t, live);
    }

    private static String newCredential() {
        return "pwc_" + SecretHasher.randomSecret(32);
    }
}
