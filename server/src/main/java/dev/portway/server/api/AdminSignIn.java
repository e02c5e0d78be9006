// Opens the admin page already signed in, for the app's admin: the app (with its API token) mints a one-time code,
// opens /admin/login?code=…, and that request trades the code for a session of the page, as a password sign-in
// would make one, then redirects to /admin so the code does not stay in the address bar. No token is ever in a URL.
package dev.portway.server.api;

import dev.portway.protocol.api.AuditEntry;
import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.api.LoginCode;
import dev.portway.server.audit.AuditLog;
import dev.portway.server.security.ApiTokens;
import dev.portway.server.security.FailureLimiter;
import dev.portway.server.security.LoginCodes;
import dev.portway.server.store.Store;
import dev.portway.server.store.User;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

final class AdminSignIn {
    static final String LOGIN_PATH = "/admin/login";
    /**
     * Carries the page's new token from the redirect to the page's script, which moves it to the tab's
     * sessionStorage (where a password sign-in keeps it) and deletes the cookie; it lives a minute at most.
     */
    static final String HANDOVER_COOKIE = "portway_admin_handover";

    private final Store store;
    private final ApiTokens tokens;
    private final LoginCodes codes;
    private final AuditLog audit;
    private final FailureLimiter failures;
    private final Handler guard;

    /** guard runs first on the browser's request (on an HTTPS-only API it refuses plain requests). */
    AdminSignIn(Store store, ApiTokens tokens, LoginCodes codes, AuditLog audit, FailureLimiter failures,
                Handler guard) {
        this.store = store;
        this.tokens = tokens;
        this.codes = codes;
        this.audit = audit;
        this.failures = failures;
        this.guard = guard;
    }

    /** POST /api/v1/admin/login-codes: a code for the calling admin, at most a few live at once. */
    void mint(Context ctx) {
        String userId = Caller.of(ctx).userId();
        Optional<String> code = codes.issue(userId);
        if (code.isEmpty()) {
            long wait = Math.max(1, FailureLimiter.seconds(codes.untilNext(userId)));
            throw new ApiException(ErrorCode.TOO_MANY_ATTEMPTS, "this account holds " + LoginCodes.OUTSTANDING_PER_USER
                    + " unused admin sign-in codes already; try again in " + wait + " s", wait);
        }
        ctx.status(201).json(new LoginCode(code.get(),
                LOGIN_PATH + "?code=" + URLEncoder.encode(code.get(), StandardCharsets.UTF_8),
                LoginCodes.LIFETIME.toSeconds()));
    }

    /** GET /admin/login?code=…: a live code signs its admin in to the page; anything else gets a plain page. */
    void redeem(Context ctx) throws Exception {
        guard.handle(ctx);
        AdminPage.secureHeaders(ctx);
        ctx.header("Cache-Control", "no-store");
        String from = ctx.req().getRemoteAddr();
        String byAddress = "ip " + from;
        Duration wait = failures.retryAfter(byAddress);
        if (!wait.isZero()) {
            ctx.header("Retry-After", Long.toString(FailureLimiter.seconds(wait)));
            refuse(ctx, 429, "Too many sign-in links that did not work came from this address. Try again in "
                    + FailureLimiter.seconds(wait) + " s.");
            return;
        }
        Optional<User> user = codes.redeem(ctx.queryParam("code")).flatMap(store::findUser)
                .filter(u -> u.admin() && !u.disabled());
        if (user.isEmpty()) {
            failures.failed(byAddress);
            refuse(ctx, 400, "This sign-in link does not work (any more): each one works once, within "
                    + LoginCodes.LIFETIME.toSeconds() + " s, for an admin. Click Admin in the app again, or sign"
                    + " in with your password.");
            return;
        }
        audit.record(user.get().id(), user.get().email(), AuditEntry.LOGIN, null, "one-time code from the app",
                from);
        String cookie = HANDOVER_COOKIE + "=" + tokens.issue(user.get().id()) + "; Path=/admin; Max-Age=60;"
                + " SameSite=Strict" + (ctx.req().isSecure() ? "; Secure" : "");
        ctx.header("Set-Cookie", cookie);
        ctx.redirect("/admin", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private static void refuse(Context ctx, int status, String why) {
        ctx.status(status).contentType("text/html; charset=utf-8").result("<!DOCTYPE html>\n<html lang=\"en\">"
                + "<head><meta charset=\"utf-8\"><title>Portway admin</title>"
                + "<link rel=\"stylesheet\" href=\"/admin/admin.css\"></head><body><main class=\"signin\">"
                + "<div class=\"card\"><h1>Sign-in link refused</h1><p>" + why + "</p>"
                + "<p><a href=\"/admin\">Sign in with a password</a></p></div></main></body></html>\n");
    }
}
