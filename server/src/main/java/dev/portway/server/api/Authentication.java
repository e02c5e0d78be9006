// Checks the caller once per request, before any handler: the token, the account's state and the route's role.
package dev.portway.server.api;

import dev.portway.protocol.api.ErrorCode;
import dev.portway.server.security.ApiTokens;
import dev.portway.server.store.Store;
import dev.portway.server.store.User;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.security.RouteRole;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

final class Authentication implements Handler {
    /** Last-seen times move at most this often: a write per request would cost more than the minute is worth. */
    private static final Duration SEEN_STEP = Duration.ofMinutes(1);

    private final Store store;
    private final ApiTokens tokens;
    private final Clock clock;

    Authentication(Store store, ApiTokens tokens, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public void handle(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.contains(Role.ANYONE)) {
            return;
        }
        User user = tokens.authenticate(Requests.bearer(ctx)).flatMap(store::findUser)
                .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED,
                        "the token is not valid (expired, revoked or mistyped); sign in again"));
        if (user.disabled()) {
            throw new ApiException(ErrorCode.ACCOUNT_DISABLED, "this account is disabled; ask the server's admin");
        }
        // A route without a role is refused to everyone: forgetting one must not open it.
        if (!roles.contains(Role.USER) && !(roles.contains(Role.ADMIN) && user.admin())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "only an admin of this server may do this");
        }
        seen(user);
        new Caller(user.id(), user.email(), user.admin()).attachTo(ctx);
    }

    private void seen(User user) {
        Instant now = clock.instant();
        if (user.lastSeenAt() == null || Instant.parse(user.lastSeenAt()).plus(SEEN_STEP).isBefore(now)) {
            store.touchUser(user.id(), now.toString());
        }
    }
}
