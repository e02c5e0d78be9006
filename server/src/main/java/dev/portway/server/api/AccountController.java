// Sign-up, login (each one in the audit log), logout and "who am I".
package dev.portway.server.api;

import dev.portway.protocol.api.Account;
import dev.portway.protocol.api.AuditEntry;
import dev.portway.protocol.api.Credentials;
import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.api.LoginResponse;
import dev.portway.server.config.AccountLimits;
import dev.portway.server.audit.AuditLog;
import dev.portway.server.security.ApiTokens;
import dev.portway.server.security.ClientNetwork;
import dev.portway.server.security.FailureLimiter;
import dev.portway.server.security.Limits;
import dev.portway.server.security.SecretHasher;
import dev.portway.server.store.Quota;
import dev.portway.server.store.Store;
import dev.portway.server.store.User;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

final class AccountController {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final int MIN_PASSWORD = 8;
    /** Checked when the email is unknown, so a failed login costs the same either way. */
    private static final String DUMMY_HASH = SecretHasher.hash("not-a-password", SecretHasher.PASSWORD_ITERATIONS);

    private final Store store;
    private final ApiTokens tokens;
    private final Signup signup;
    private final AuditLog audit;
    private final FailureLimiter accountFailures = new FailureLimiter(Limits.LOGIN_FAILURES_PER_ACCOUNT,
            Limits.LOGIN_WINDOW, Clock.systemUTC());
    private final FailureLimiter addressFailures = new FailureLimiter(Limits.LOGIN_FAILURES_PER_ADDRESS,
            Limits.LOGIN_WINDOW, Clock.systemUTC());
    private final AccountLimits limits;
    private final FailureLimiter signupsByAddress;

    AccountController(Store store, ApiTokens tokens, Signup signup, AuditLog audit, AccountLimits limits) {
        this.store = store;
        this.tokens = tokens;
        this.signup = signup;
        this.audit = audit;
        this.limits = limits;
        this.signupsByAddress = new FailureLimiter(limits.signupRate().count(), limits.signupRate().per(),
                Clock.systemUTC());
    }

    void create(Context ctx) {
        if (!signup.open()) {
            throw new ApiException(ErrorCode.SIGNUP_DISABLED, "sign-up is disabled on this server");
        }
        Credentials c = Requests.body(ctx, Credentials.class);
        String email = c.email() == null ? "" : c.email().strip().toLowerCase(Locale.ROOT);
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            // Echo at most a readable part of what was sent: an error must not carry a megabyte back.
            String shown = email.length() > 60 ? email.substring(0, 60) + "…" : email;
            throw new ApiException(ErrorCode.INVALID_EMAIL, "\"" + shown + "\" is not an email address");
        }
        checkPassword(c.password());
        // After the cheap checks, before the KDF and the insert: every well-formed sign-up counts, taken email or not.
        Duration wait = signupsByAddress.take(ClientNetwork.of(ctx.req().getRemoteAddr()));
        if (!wait.isZero()) {
            long seconds = FailureLimiter.seconds(wait);
            throw new ApiException(ErrorCode.TOO_MANY_ATTEMPTS, "too many sign-ups from this address (this server"
                    + " takes " + limits.signupRate() + "); try again in " + seconds + " s", seconds);
        }
        String hash = passwordHash(c.password());
        User user = new User(UUID.randomUUID().toString(), email,
                hash, false, false, Instant.now().toString());
        if (!store.createUser(user)) {
            throw new ApiException(ErrorCode.EMAIL_TAKEN, "an account for " + email + " exists already");
        }
        // Read back: the store decides whether this first account is the server's admin.
        ctx.status(201).json(view(store.findUser(user.id()).orElse(user)));
    }

    /** The KDF hash of a new password, or a 400 when it is too short. */
    static String passwordHash(String password) {
        checkPassword(password);
        return SecretHasher.hash(password, SecretHasher.PASSWORD_ITERATIONS);
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new ApiException(ErrorCode.WEAK_PASSWORD,
                    "the password needs at least " + MIN_PASSWORD + " characters");
        }
    }

    void login(Context ctx) {
        Credentials c = Requests.body(ctx, Credentials.class);
        String email = c.email() == null ? "" : c.email().strip();
        String password = c.password() == null ? "" : c.password();
        String from = ctx.req().getRemoteAddr();
        String byAddress = "ip " + from;
        String byAccount = "account " + email.toLowerCase(Locale.ROOT);
        // Checked before the KDF: a guessing run costs the server nothing and slows no one else's sign-in.
        Duration wait = max(accountFailures.retryAfter(byAccount), addressFailures.retryAfter(byAddress));
        if (!wait.isZero()) {
            long seconds = FailureLimiter.seconds(wait);
            throw new ApiException(ErrorCode.TOO_MANY_ATTEMPTS, "too many failed sign-ins; try again in " + seconds
                    + " s", seconds);
        }
        Optional<User> user = store.findUserByEmail(email);
        boolean ok = SecretHasher.verify(password, user.map(User::passwordHash).orElse(DUMMY_HASH))
                && user.isPresent();
        String actorId = user.map(User::id).orElse(null);
        if (!ok) {
            accountFailures.failed(byAccount);
            addressFailures.failed(byAddress);
            audit.record(actorId, email, AuditEntry.LOGIN_FAILED, null, "wrong email or password", from);
            throw new ApiException(ErrorCode.INVALID_CREDENTIALS, "wrong email or password");
        }
        accountFailures.succeeded(byAccount);
        if (user.get().disabled()) {
            audit.record(actorId, user.get().email(), AuditEntry.LOGIN_FAILED, null, "account disabled", from);
            throw new ApiException(ErrorCode.ACCOUNT_DISABLED, "this account is disabled; ask the server's admin");
        }
        audit.record(actorId, user.get().email(), AuditEntry.LOGIN, null, null, from);
        store.touchUser(actorId, Instant.now().toString());
        ctx.json(new LoginResponse(tokens.issue(actorId), actorId, user.get().email()));
    }

    void logout(Context ctx) {
        tokens.revoke(Requests.bearer(ctx));
        ctx.status(204);
    }

    void show(Context ctx) {
        ctx.json(view(store.findUser(Caller.of(ctx).userId()).orElseThrow(() -> ApiException.notFound("account"))));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private Account view(User u) {
        Quota quota = u.limits().over(limits.quota());
        return new Account(u.id(), u.email(), u.createdAt(), u.admin(), quota.sockets(), quota.ports());
    }
}
