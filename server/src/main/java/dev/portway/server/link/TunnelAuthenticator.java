// Checks a Hello against the store: the tunnel exists, the credential matches, the owner is not disabled.
package dev.portway.server.link;

import dev.portway.protocol.Version;
import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.api.SocketType;
import dev.portway.protocol.link.Hello;
import dev.portway.server.security.SecretHasher;
import dev.portway.server.store.SocketRecord;
import dev.portway.server.store.Store;
import dev.portway.server.store.TunnelRecord;
import dev.portway.server.store.User;
import java.util.Optional;

public final class TunnelAuthenticator {
    private final Store store;

    public TunnelAuthenticator(Store store) {
        this.store = store;
    }

    /** The outcome of a hello: either a socket to serve or an error to send back. */
    public record Result(TunnelRecord tunnel, SocketRecord socket, ErrorCode error, String message) {
        static Result refused(ErrorCode code, String message) {
            return new Result(null, null, code, message);
        }

        public boolean ok() {
            return error == null;
        }
    }

    public boolean stillExists(String tunnelId) {
        return store.findTunnel(tunnelId).isPresent();
    }

    public Result authenticate(Hello hello) {
        if (hello.version() != Version.LINK_PROTOCOL) {
            return Result.refused(ErrorCode.UNSUPPORTED_VERSION, "this server speaks link protocol "
                    + Version.LINK_PROTOCOL + ", the agent speaks " + hello.version() + "; upgrade the agent");
        }
        if (hello.tunnelId() == null || hello.credential() == null) {
            return Result.refused(ErrorCode.UNAUTHORIZED, "the hello carries no tunnel id or credential");
        }
        Optional<TunnelRecord> tunnel = store.findTunnel(hello.tunnelId());
        if (tunnel.isEmpty() || !SecretHasher.verify(hello.credential(), tunnel.get().credentialHash())) {
            return Result.refused(ErrorCode.UNAUTHORIZED, "unknown tunnel or wrong tunnel credential");
        }
        Optional<SocketRecord> socket = store.findSocket(tunnel.get().socketId());
        Optional<User> owner = socket.flatMap(s -> store.findUser(s.ownerId()));
        if (socket.isEmpty() || owner.isEmpty()) {
            return Result.refused(ErrorCode.NOT_FOUND, "the tunnel's socket no longer exists");
        }
        if (SocketType.isUdp(socket.get().socketType()) && !hello.carriesUdp()) {
            return Result.refused(ErrorCode.UNSUPPORTED_VERSION, "this tunnel's socket is udp and this agent cannot"
                    + " carry datagrams; upgrade the agent");
        }
        if (owner.get().disabled()) {
            return Result.refused(ErrorCode.UNAUTHORIZED, "the account that owns this tunnel is disabled");
        }
        return new Result(tunnel.get(), socket.get(), null, null);
    }
}
