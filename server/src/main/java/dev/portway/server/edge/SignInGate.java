// The front door's e-mail sign-in check, one request at a time: on a socket that admits e-mail addresses a valid
// session for the name and socket asked for goes on as its visitor (ForwardingHeaders names it to the origin and
// strips what visitors claim themselves), an anonymous browser is sent to sign in (with a sign-in cookie the
// hand-off asks for), any other anonymous request gets 401, and a signed-in visitor who is not admitted gets a 403
// naming the account. An unsafe request or an upgrade made by another site's page is refused (403) whoever sent it.
package dev.portway.server.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

final class SignInGate {
    static final String EMAIL_HEADER = "X-Portway-Email";
    static final String USER_HEADER = "X-Portway-User";

    private final VisitorSignIn signIn;
    /** "https" or "http": the scheme of the edge, which with the Host header makes a request's own origin. */
    private final String scheme;

    SignInGate(VisitorSignIn signIn, String scheme) {
        this.signIn = signIn;
        this.scheme = scheme;
    }

    /**
     * What becomes of a request: forwarded (as visitor, null when anonymous), refused with a page, or answered
     * later.
     */
    record Outcome(boolean forward, VisitorSignIn.Visitor visitor, ByteBuf page,
                   CompletableFuture<SignInAnswer> later) {
        static Outcome forward(VisitorSignIn.Visitor visitor) {
            return new Outcome(true, visitor, null, null);
        }

        static Outcome refuse(ByteBuf page) {
            return new Outcome(false, null, page, null);
        }

        static Outcome later(CompletableFuture<SignInAnswer> answer) {
            return new Outcome(false, null, null, answer);
        }
    }

    /** A request for the apex domain (served only for its sign-in paths). */
    Outcome apex(ByteBufAllocator alloc, HttpRequest req, String name, String address) {
        if (!path(req).startsWith(VisitorSignIn.APEX_PATHS) || path(req).equals(VisitorSignIn.SESSION_PATH)) {
            return Outcome.refuse(ErrorPages.unknownName(alloc, name));
        }
        return Outcome.later(signIn.answer(request(req, name, address)));
    }

    /** A request admitted so far (name, address, HTTPS) for the socket, by the name the visitor asked for. */
    Outcome check(ByteBufAllocator alloc, HttpRequest req, EdgeSocket socket, String name, String address) {
        HttpHeaders h = req.headers();
        List<String> cookieHeaders = h.getAll(HttpHeaderNames.COOKIE);
        if (!socket.access().signInByEmail()) {
            return Outcome.forward(null);
        }
        String session = Cookies.value(cookieHeaders, VisitorSignIn.SESSION_COOKIE);
        String browserKey = Cookies.value(cookieHeaders, SignInCookie.NAME);
        if (signIn.apex() == null) {
            // The socket kept its e-mail lists while the server was started without --oidc-*: nobody gets in.
            return Outcome.refuse(SignInPages.noProvider(alloc, name));
        }
        if (fromAnotherSite(req)) {
            return Outcome.refuse(SignInPages.fromAnotherSite(alloc, name));
        }
        String path = path(req);
        if (path.equals(VisitorSignIn.SESSION_PATH) || path.equals(VisitorSignIn.LOGOUT_PATH)) {
            List<String> ours = new ArrayList<>();
            if (session != null) {
                ours.add(VisitorSignIn.SESSION_COOKIE + "=" + session);
            }
            if (browserKey != null) {
                ours.add(SignInCookie.NAME + "=" + browserKey);
            }
            String cookies = ours.isEmpty() ? null : String.join("; ", ours);
            return Outcome.later(signIn.answer(new VisitorSignIn.SignInRequest(name, socket.id(), req.uri(), cookies,
                    address)));
        }
        VisitorSignIn.Visitor visitor = session == null ? null : signIn.session(name, socket.id(), session);
        if (visitor != null) {
            return socket.access().allowsEmail(visitor.email()) ? Outcome.forward(visitor)
                    : Outcome.refuse(SignInPages.notAllowed(alloc, name, visitor.email()));
        }
        if (asksForJson(h)) {
            return Outcome.refuse(SignInPages.signInRequiredJson(alloc, name));
        }
        // The browser that is sent to sign in gets a cookie of this name that the hand-off will ask for.
        String key = SignInCookie.valueFor(browserKey);
        String signInUrl = signIn.signInUrl(name, socket.id(), req.uri(), key);
        boolean browser = req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD);
        return Outcome.refuse(browser ? SignInPages.toSignIn(alloc, signInUrl, SignInCookie.set(key))
                : SignInPages.signInRequired(alloc, name, signInUrl, SignInCookie.set(key)));
    }

    /**
     * An unsafe request (not GET, HEAD or OPTIONS) or an upgrade that another origin's page made: sockets share the
     * server's domain, so SameSite=Lax still sends the session cookie from a sibling socket's page, and the request
     * would reach the origin as the signed-in visitor. Sec-Fetch-Site decides where the browser sends it; without
     * it, an Origin that is not this request's own. Top-level navigations (GET) stay allowed.
     */
    private boolean fromAnotherSite(HttpRequest req) {
        HttpMethod m = req.method();
        boolean safe = m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD) || m.equals(HttpMethod.OPTIONS);
        if (safe && !Upgrades.asked(req.headers())) {
            return false;
        }
        String site = req.headers().get("Sec-Fetch-Site");
        if (site != null) {
            String s = site.strip().toLowerCase(Locale.ROOT);
            return s.equals("cross-site") || s.equals("same-site");
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        String own = scheme + "://" + req.headers().get(HttpHeaderNames.HOST, "");
        return origin != null && !origin.strip().equalsIgnoreCase(own);
    }

    private static boolean asksForJson(HttpHeaders h) {
        String accept = String.join(",", h.getAll(HttpHeaderNames.ACCEPT)).toLowerCase(Locale.ROOT);
        return accept.contains("application/json") && !accept.contains("text/html");
    }

    private static VisitorSignIn.SignInRequest request(HttpRequest req, String name, String address) {
        String cookies = String.join("; ", req.headers().getAll(HttpHeaderNames.COOKIE));
        return new VisitorSignIn.SignInRequest(name, null, req.uri(), cookies.isEmpty() ? null : cookies, address);
    }

    private static String path(HttpRequest req) {
        return new QueryStringDecoder(req.uri()).path();
    }
}
