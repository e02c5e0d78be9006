// Visitor sign-in with the server's OpenID Connect provider, as the edge asks for it (see VisitorSignIn):
//   NAME (anonymous)  → https://DOMAIN/.portway/oidc/start?r=SEALED_TARGET   NAME sets __Host-portway_signin;
//                                                                            the start sets the flow cookie
//                     → the provider's authorization endpoint (code, PKCE S256, state, nonce)
//                     → https://DOMAIN/.portway/oidc/callback                  state checked, code exchanged
//                     → https://NAME/.portway/oidc/session?code=ONE_TIME      with the same __Host-portway_signin
//                                                                            only: sets the session cookie
//                     → the page first asked for (a relative path).
// Everything that blocks (the provider, the store) runs on a small pool of its own, with a bounded queue.
package dev.portway.server.oidc;

import dev.portway.server.edge.Cookies;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.portway.server.config.OidcSettings;
import dev.portway.server.security.SecretHasher;
import dev.portway.server.edge.SignInAnswer;
import dev.portway.server.edge.SignInCookie;
import dev.portway.server.edge.VisitorSignIn;
import dev.portway.server.security.ApiTokens;
import dev.portway.server.security.FailureLimiter;
import dev.portway.server.security.Limits;
import dev.portway.server.store.VisitorTables;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class OidcSignIn implements VisitorSignIn, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OidcSignIn.class);
    static final String START_PATH = "/.portway/oidc/start";
    static final String CALLBACK_PATH = "/.portway/oidc/callback";
    /** Code exchanges with the provider at once; past it a callback is answered 503 and the visitor tries again. */
    static final int MAX_EXCHANGES = 8;
    private static final int THREADS = 4;
    private static final int QUEUE = 256;
    /** A state, code or sealed target longer than this is no one's (the request line is 8 KiB at most anyway). */
    private static final int MAX_PARAMETER = Sealer.MAX_SEALED;
    private static final int MAX_PARAMETERS = 16;

    private final String domain;
    private final int httpsPort;
    private final Predicate<String> emailSocketNamed;
    private final ProviderClient provider;
    private final SignInTarget targets;
    private final FlowCookie flows;
    private final SessionCookie sessions;
    private final HandOffCodes codes;
    private final EndedSessions ended;
    private final FailureLimiter failures;
    private final Semaphore exchanges = new Semaphore(MAX_EXCHANGES);
    private final SecureRandom random = new SecureRandom();
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), r -> {
                Thread t = new Thread(r, "portway-sign-in");
                t.setDaemon(true);
                return t;
            });

    /**
     * Reads (or, first of all nodes, makes) the sealing key from the store and starts discovering the provider.
     * emailSocketNamed: whether a name is one the edge serves for a socket that admits e-mail addresses.
     */
    public OidcSignIn(OidcSettings settings, String domain, int httpsPort, VisitorTables store,
                      Predicate<String> emailSocketNamed, Clock clock) {
        this.domain = domain;
        this.httpsPort = httpsPort;
        this.emailSocketNamed = emailSocketNamed;
        this.provider = new ProviderClient(settings, URI.create(base(domain) + CALLBACK_PATH));
        byte[] candidate = new byte[32];
        random.nextBytes(candidate);
        byte[] key = Base64.getDecoder().decode(store.key("sealing", Base64.getEncoder().encodeToString(candidate),
                clock.millis()));
        Sealer sealer = new Sealer(new SecretKeySpec(key, "AES"), clock);
        this.targets = new SignInTarget(sealer);
        this.flows = new FlowCookie(sealer);
        this.sessions = new SessionCookie(sealer, settings.session());
        this.codes = new HandOffCodes(store, clock);
        this.ended = new EndedSessions(store, clock);
        this.failures = new FailureLimiter(Limits.SIGN_IN_FAILURES_PER_ADDRESS, Limits.SIGN_IN_WINDOW, clock);
        pool.allowCoreThreadTimeOut(true);
        offLoop(() -> {
            provider.warmUp();
            return null;
        });
    }

    @Override
    public String apex() {
        return domain;
    }

    @Override
    public Visitor session(String host, String socketId, String cookieValue) {
        SessionCookie.Session s = sessions.read(cookieValue, host, socketId);
        return s == null || ended.ended(s.visitor().sessionId()) ? null : s.visitor();
    }

    @Override
    public String signInUrl(String host, String socketId, String path, String browserKey) {
        return base(domain) + START_PATH + "?r=" + targets.seal(host, socketId, path, ApiTokens.sha256(browserKey));
    }

    @Override
    public CompletableFuture<SignInAnswer> answer(SignInRequest request) {
        QueryStringDecoder q = new QueryStringDecoder(request.target(), StandardCharsets.UTF_8, true, MAX_PARAMETERS);
        String path = q.path();
        if (request.host().equals(domain)) {
            return switch (path) {
                case START_PATH -> offLoop(() -> start(q));
                case CALLBACK_PATH -> offLoop(() -> callback(q, request));
                default -> CompletableFuture.completedFuture(SignInAnswer.page(404, "Not found",
                        "There is nothing here: sign-in starts from the page of a socket.", null, null));
            };
        }
        return switch (path) {
            case SESSION_PATH -> offLoop(() -> handOff(q, request));
            case LOGOUT_PATH -> offLoop(() -> logout(request));
            default -> CompletableFuture.completedFuture(SignInAnswer.page(404, "Not found", "No such page.", null,
                    null));
        };
    }

    /** Learns of other nodes' sign-outs; run every few seconds. Blocking (the store). */
    public void poll() {
        ended.poll();
    }

    private SignInAnswer start(QueryStringDecoder q) throws SignInFailure {
        Optional<SignInTarget.Target> target = targets.open(parameter(q, "r"));
        if (target.isEmpty() || !emailSocketNamed.test(target.get().host())) {
            return SignInAnswer.page(400, "Sign-in link expired", "This sign-in link is old or not from this "
                    + "server. Go back to the page you wanted and open it again.", null, null);
        }
        SignInTarget.Target t = target.get();
        FlowCookie.Flow flow = new FlowCookie.Flow(randomToken(), randomToken(), new CodeVerifier().getValue(),
                t.host(), t.socket(), t.path(), t.browser());
        URI authorize = provider.authorizationUrl(flow.state(), flow.nonce(), flow.verifier());
        return SignInAnswer.redirect(authorize.toString(), flows.create(flow));
    }

    private SignInAnswer callback(QueryStringDecoder q, SignInRequest request) throws SignInFailure {
        String address = request.address();
        Duration wait = failures.retryAfter(address);
        if (!wait.isZero()) {
            return tooMany(wait);
        }
        String state = parameter(q, "state");
        Optional<FlowCookie.Flow> started = state == null ? Optional.empty()
                : flows.read(Cookies.value(request.cookies(), FlowCookie.name(state)));
        if (started.isEmpty() || !same(state, started.get().state())) {
            failures.failed(address);
            return SignInAnswer.page(400, "Sign-in not recognized", "This sign-in was not started in this "
                    + "browser, or took longer than " + FlowCookie.LIFETIME.toMinutes() + " minutes. Go back to the "
                    + "page you wanted and open it again.", null, null);
        }
        FlowCookie.Flow flow = started.get();
        String back = base(flow.host()) + flow.path();
        String error = parameter(q, "error");
        String code = parameter(q, "code");
        if (error != null || code == null) {
            return SignInAnswer.page(403, "Not signed in", "The identity provider did not sign you in ("
                    + (error == null ? "no code" : error) + ").", back, "Try again", FlowCookie.cleared(state));
        }
        if (!exchanges.tryAcquire()) {
            return SignInAnswer.page(503, "Busy", "Too many sign-ins at once right now; try again in a moment.",
                    back, "Try again");
        }
        Identity who;
        try {
            who = provider.exchange(code, flow.verifier(), flow.nonce());
        } catch (SignInFailure f) {
            if (f.counted) {
                failures.failed(address);
            }
            return SignInAnswer.page(f.status, "Not signed in", f.getMessage(), back, "Try again",
                    FlowCookie.cleared(state));
        } finally {
            exchanges.release();
        }
        if (!emailSocketNamed.test(flow.host())) {
            return SignInAnswer.page(404, "No such socket", "The socket " + flow.host() + " no longer asks for "
                    + "sign-in here.", null, null, FlowCookie.cleared(state));
        }
        String oneTime = codes.issue(new VisitorTables.HandOff(who.email(), who.subject(), flow.host(), flow.socket(),
                flow.path(), flow.browser()));
        LOG.debug("visitor signed in for {}", flow.host());
        return SignInAnswer.redirect(base(flow.host()) + SESSION_PATH + "?code=" + oneTime,
                FlowCookie.cleared(state));
    }

    /**
     * On the socket's own name: the one-time code becomes the session cookie of that name, in the browser that was
     * sent to sign in only (its sign-in cookie), and for the socket it was sent from only.
     */
    private SignInAnswer handOff(QueryStringDecoder q, SignInRequest request) {
        String address = request.address();
        Duration wait = failures.retryAfter(address);
        if (!wait.isZero()) {
            return tooMany(wait);
        }
        Optional<VisitorTables.HandOff> handOff = codes.redeem(parameter(q, "code"));
        String browserKey = Cookies.value(request.cookies(), SignInCookie.NAME);
        if (handOff.isEmpty() || !handOff.get().host().equals(request.host())
                || !handOff.get().socket().equals(request.socketId()) || browserKey == null
                || !same(ApiTokens.sha256(browserKey), handOff.get().browser())) {
            failures.failed(address);
            return SignInAnswer.page(400, "Sign-in link used", "This sign-in link was used already, has expired, "
                    + "is for another name, or was started in another browser.", "/", "Sign in again");
        }
        VisitorTables.HandOff h = handOff.get();
        return SignInAnswer.redirect(h.path(), sessions.create(h.email(), h.subject(), request.host(),
                request.socketId()), SignInCookie.cleared());
    }

    private SignInAnswer logout(SignInRequest request) {
        SessionCookie.Session s = sessions.read(Cookies.value(request.cookies(), SESSION_COOKIE), request.host(),
                request.socketId());
        if (s != null && !ended.ended(s.visitor().sessionId())) {
            ended.end(s.visitor().sessionId(), s.expiresAt());
        }
        return SignInAnswer.page(200, "Signed out", "You are signed out of " + request.host() + ".", "/",
                "Sign in again", SessionCookie.cleared());
    }

    private static SignInAnswer tooMany(Duration wait) {
        return SignInAnswer.page(429, "Too many attempts", "Too many sign-ins from this address failed. Try again in "
                + FailureLimiter.seconds(wait) + " s.", null, null);
    }

    private interface Step {
        SignInAnswer run() throws SignInFailure;
    }

    private CompletableFuture<SignInAnswer> offLoop(Step step) {
        Supplier<SignInAnswer> guarded = () -> {
            try {
                return step.run();
            } catch (SignInFailure f) {
                return SignInAnswer.page(f.status, "Sign-in unavailable", f.getMessage(), null, null);
            }
        };
        try {
            return CompletableFuture.supplyAsync(guarded, pool);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(SignInAnswer.page(503, "Busy", "Too many sign-ins at once "
                    + "right now; try again in a moment.", null, null));
        }
    }

    /** https://HOST[:PORT] as a visitor's browser reaches it on the HTTPS edge. */
    private String base(String host) {
        return "https://" + host + (httpsPort == 443 ? "" : ":" + httpsPort);
    }

    private static String randomToken() {
        return SecretHasher.randomSecret(32);
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** A query parameter given once and not too long; null otherwise. */
    private static String parameter(QueryStringDecoder q, String name) {
        List<String> values = q.parameters().get(name);
        return values == null || values.size() != 1 || values.get(0).length() > MAX_PARAMETER ? null : values.get(0);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
