// Sockets and their tunnels: create, list, show, delete; every lookup is scoped to the signed-in owner.
package dev.portway.server.api;

import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import dev.portway.server.ServerConfig;
import dev.portway.server.link.TunnelRegistry;
import dev.portway.server.link.TunnelSession;
import dev.portway.server.security.ApiTokens;
import dev.portway.server.security.SecretHasher;
import dev.portway.server.store.NameGenerator;
import dev.portway.server.store.SocketRecord;
import dev.portway.server.store.Store;
import dev.portway.server.store.TunnelRecord;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

final class SocketController {
    private static final int MAX_NAME = 100;
    private static final int NAME_TRIES = 20;

    private final Store store;
    private final ApiTokens tokens;
    private final TunnelRegistry registry;
    private final ServerConfig config;
    private final NameGenerator names = new NameGenerator();

    SocketController(Store store, ApiTokens tokens, TunnelRegistry registry, ServerConfig config) {
        this.store = store;
        this.tokens = tokens;
        this.registry = registry;
        this.config = config;
    }

    void create(Context ctx) {
        String owner = Requests.userId(ctx, tokens);
        CreateSocket req = Requests.body(ctx, CreateSocket.class);
        String type = req.socketType() == null ? "http" : req.socketType().strip().toLowerCase(Locale.ROOT);
        if (type.equals("tcp") || type.equals("tls")) {
            throw new ApiException(ErrorCode.INVALID_SOCKET_TYPE,
                    "socket type " + type + " is not available on this server yet; use http");
        }
        if (!type.equals("http")) {
            throw new ApiException(ErrorCode.INVALID_SOCKET_TYPE,
                    "unknown socket type \"" + req.socketType() + "\"; use http");
        }
        String name = req.name() == null ? "" : req.name().strip();
        if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new ApiException(ErrorCode.INVALID_NAME,
                    "the name must be at most " + MAX_NAME + " printable characters");
        }
        for (int i = 0; i < NAME_TRIES; i++) {
            String dns = names.next() + "." + config.domain();
            SocketRecord s = new SocketRecord(UUID.randomUUID().toString(), owner, name.isEmpty() ? dns : name,
                    dns, type, null, Instant.now().toString());
            if (store.createSocket(s)) {
                ctx.status(201).json(view(s));
                return;
            }
        }
        throw new ApiException(ErrorCode.INTERNAL, "could not find a free name; try again");
    }

    void list(Context ctx) {
        String owner = Requests.userId(ctx, tokens);
        ctx.json(store.listSockets(owner).stream().map(this::view).toList());
    }

    void show(Context ctx) {
        ctx.json(view(owned(ctx)));
    }

    void delete(Context ctx) {
        SocketRecord s = owned(ctx);
        store.deleteSocket(s.id());
        registry.disconnectSocket(s.id());
        ctx.status(204);
    }

    void createTunnel(Context ctx) {
        SocketRecord s = owned(ctx);
        String credential = newCredential();
        TunnelRecord t = new TunnelRecord(UUID.randomUUID().toString(), s.id(),
                SecretHasher.hash(credential, SecretHasher.TOKEN_ITERATIONS), 0, 0, Instant.now().toString());
        store.createTunnel(t);
        ctx.status(201).json(view(t).withCredential(credential));
    }

    void listTunnels(Context ctx) {
        ctx.json(tunnels(owned(ctx)));
    }

    void showTunnel(Context ctx) {
        ctx.json(view(ownedTunnel(ctx)));
    }

    void deleteTunnel(Context ctx) {
        TunnelRecord t = ownedTunnel(ctx);
        store.deleteTunnel(t.id());
        registry.disconnectTunnel(t.id());
        ctx.status(204);
    }

    /** Issues a fresh credential for connecting; a link made with the old one stays until it reconnects. */
    void rotateCredential(Context ctx) {
        TunnelRecord t = ownedTunnel(ctx);
        String credential = newCredential();
        store.setTunnelCredential(t.id(), SecretHasher.hash(credential, SecretHasher.TOKEN_ITERATIONS));
        ctx.json(view(t).withCredential(credential));
    }

    private SocketRecord owned(Context ctx) {
        String owner = Requests.userId(ctx, tokens);
        // Another user's socket answers exactly like a missing one: ids leak nothing.
        return store.findSocket(ctx.pathParam("socket_id")).filter(s -> s.ownerId().equals(owner))
                .orElseThrow(() -> ApiException.notFound("socket " + ctx.pathParam("socket_id")));
    }

    private TunnelRecord ownedTunnel(Context ctx) {
        SocketRecord s = owned(ctx);
        return store.findTunnel(ctx.pathParam("tunnel_id")).filter(t -> t.socketId().equals(s.id()))
                .orElseThrow(() -> ApiException.notFound("tunnel " + ctx.pathParam("tunnel_id")));
    }

    private SocketInfo view(SocketRecord s) {
        return new SocketInfo(s.id(), s.name(), s.dnsName(), s.socketType(), config.socketUrl(s.dnsName()),
                s.createdAt(), tunnels(s));
    }

    private List<TunnelInfo> tunnels(SocketRecord s) {
        return store.listTunnels(s.id()).stream().map(this::view).toList();
    }

    private TunnelInfo view(TunnelRecord t) {
        Optional<TunnelSession> live = registry.session(t.id());
        return new TunnelInfo(t.id(), t.socketId(), live.isPresent() ? TunnelInfo.ONLINE : TunnelInfo.OFFLINE,
                live.map(l -> l.connectedSince().toString()).orElse(null),
                t.bytesIn() + live.map(TunnelSession::bytesIn).orElse(0L),
                t.bytesOut() + live.map(TunnelSession::bytesOut).orElse(0L),
                live.map(TunnelSession::openStreams).orElse(0), t.createdAt(), null);
    }

    private static String newCredential() {
        return "pwc_" + SecretHasher.randomSecret(32);
    }
}
