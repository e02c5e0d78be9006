// The admin's view of accounts: list them, disable or enable, grant or revoke admin, set a new password or the
// account's own limits, delete.
package dev.portway.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.protocol.api.AdminUser;
import dev.portway.protocol.api.AdminUserUpdate;
import dev.portway.protocol.api.AuditEntry;
import dev.portway.protocol.api.ErrorCode;
import dev.portway.server.config.AccountLimits;
import dev.portway.server.audit.AuditLog;
import dev.portway.server.events.UserEvents;
import dev.portway.server.live.Disconnects;
import dev.portway.server.live.LiveTunnel;
import dev.portway.server.live.LiveTunnels;
import dev.portway.server.store.Quota;
import dev.portway.server.store.SocketRecord;
import dev.portway.server.store.Store;
import dev.portway.server.store.User;
import dev.portway.server.store.UserLimits;
import dev.portway.server.store.UserSummary;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

final class AdminUsers {
    /** The highest limit an admin may set: far above what one server holds, low enough to stay a sane number. */
    private static final int MAX_LIMIT = 1_000_000;

    private final Store store;
    private final LiveTunnels live;
    private final Disconnects disconnects;
    private final SocketTeardown teardown;
    private final AuditLog audit;
    private final UserEvents events;
    private final AccountLimits defaults;

    AdminUsers(Store store, LiveTunnels live, Disconnects disconnects, SocketTeardown teardown, AuditLog audit,
               UserEvents events, AccountLimits defaults) {
        this.store = store;
        this.live = live;
        this.disconnects = disconnects;
        this.teardown = teardown;
        this.audit = audit;
        this.events = events;
        this.defaults = defaults;
    }

    void list(Context ctx) {
        Map<String, Long> online = onlineByOwner();
        ctx.json(store.listUsers().stream().map(u -> view(u, online)).toList());
    }

    /**
     * Applies what the body names, the account's state first (either may be refused to keep an enabled admin,
     * and then nothing is changed), then its limits, then the password, which also signs the user out everywhere.
     * A user who may no longer call the API loses their live links and event streams at once. Lowered limits keep
     * what the user has; they only refuse new sockets.
     */
    void update(Context ctx) {
        User user = target(ctx);
        AdminUserUpdate req = Requests.body(ctx, AdminUserUpdate.class);
        UserLimits limits = new UserLimits(limit(req.maxSockets(), "max_sockets", user.limits().maxSockets()),
                limit(req.maxPorts(), "max_ports", user.limits().maxPorts()));
        String hash = req.password() == null ? null : AccountController.passwordHash(req.password());
        if (req.disabled() != null && req.disabled() != user.disabled()) {
            if (!store.setUserDisabled(user.id(), req.disabled())) {
                throw lastAdmin("disable");
            }
            if (req.disabled()) {
                disconnects.disconnectOwner(user.id());
                events.endAll(user.id());
            }
            record(ctx, req.disabled() ? AuditEntry.USER_DISABLE : AuditEntry.USER_ENABLE, user);
        }
        if (req.admin() != null && req.admin() != user.admin()) {
            if (!store.setUserAdmin(user.id(), req.admin())) {
                throw lastAdmin("revoke admin from");
            }
            record(ctx, req.admin() ? AuditEntry.USER_GRANT_ADMIN : AuditEntry.USER_REVOKE_ADMIN, user);
        }
        if (!limits.equals(user.limits())) {
            store.setUserLimits(user.id(), limits);
            record(ctx, AuditEntry.USER_LIMITS, user, limits.describe());
        }
        if (hash != null) {
            store.setUserPassword(user.id(), hash);
            store.deleteApiTokens(user.id());
            events.endAll(user.id());
            record(ctx, AuditEntry.USER_PASSWORD, user);
        }
        ctx.json(summary(user.id()));
    }

    /** A limit as the body sets it: missing keeps the current one, null the server's default, else 0 to MAX_LIMIT. */
    private static Integer limit(JsonNode field, String name, Integer current) {
        if (field == null) {
            return current;
        }
        if (field.isNull()) {
            return null;
        }
        if (!field.isIntegralNumber() || !field.canConvertToInt() || field.intValue() < 0
                || field.intValue() > MAX_LIMIT) {
            throw new ApiException(ErrorCode.BAD_REQUEST, name + " takes a whole number from 0 to " + MAX_LIMIT
                    + ", or null for the server's default");
        }
        return field.intValue();
    }

    /** The user with everything they own: sockets (their ports, routes and links), tunnels and tokens. */
    void delete(Context ctx) {
        User user = target(ctx);
        List<SocketRecord> sockets = store.listSockets(user.id());
        if (!store.deleteUser(user.id())) {
            throw lastAdmin("delete");
        }
        disconnects.disconnectOwner(user.id());
        events.endAll(user.id());
        sockets.forEach(teardown::removed);
        record(ctx, AuditEntry.USER_DELETE, user, sockets.size() + " sockets");
        ctx.status(204);
    }

    private User target(Context ctx) {
        return store.findUser(ctx.pathParam("user_id"))
                .orElseThrow(() -> ApiException.notFound("user " + ctx.pathParam("user_id")));
    }

    private AdminUser summary(String userId) {
        return store.findUserSummary(userId).map(u -> view(u, onlineByOwner()))
                .orElseThrow(() -> ApiException.notFound("user " + userId));
    }

    private Map<String, Long> onlineByOwner() {
        return live.here().stream().map(LiveTunnel::ownerId).filter(Objects::nonNull)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private AdminUser view(UserSummary s, Map<String, Long> online) {
        User u = s.user();
        Quota quota = u.limits().over(defaults.quota());
        return new AdminUser(u.id(), u.email(), u.admin(), u.disabled(), u.createdAt(), u.lastSeenAt(), s.sockets(),
                s.tunnels(), online.getOrDefault(u.id(), 0L).intValue(), s.ports(), quota.sockets(), quota.ports(),
                u.limits().maxSockets(), u.limits().maxPorts());
    }

    private void record(Context ctx, String action, User user) {
        record(ctx, action, user, null);
    }

    private void record(Context ctx, String action, User user, String detail) {
        Caller by = Caller.of(ctx);
        audit.record(by.userId(), by.email(), action, target(user), detail, ctx.req().getRemoteAddr());
    }

    private static String target(User user) {
        return "user " + user.email();
    }

    private static ApiException lastAdmin(String what) {
        return new ApiException(ErrorCode.LAST_ADMIN, "cannot " + what + " the server's last enabled admin;"
                + " make another account admin first");
    }
}
