// The sign-in gate's decisions one request at a time, with a stand-in for the provider's side: who gets a redirect,
// a 401 (JSON or a page) or a 403, and, with the forwarding headers handler after it, what the origin is told and
// what it is never told.
package dev.portway.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.access.VisitorAccess;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SignInGateTest {
    private static final String NAME = "app.example.com";
    private static final String GOOD = "good-cookie";
    private static final String EVE = "eve-cookie";

    /** GOOD is ann@example.com's session for NAME, EVE is eve@other.example's; every other value is nobody's. */
    private final VisitorSignIn signIn = new VisitorSignIn() {
        @Override
        public String apex() {
            return "example.com";
        }

        @Override
        public Visitor session(String host, String socketId, String cookieValue) {
            if (!host.equals(NAME) || !socketId.equals("s")) {
                return null;
            }
            return switch (cookieValue) {
                case GOOD -> new Visitor("ann@example.com", "sub-ann", "s1");
                case EVE -> new Visitor("eve@other.example", "sub-eve", "s2");
                default -> null;
            };
        }

        @Override
        public String signInUrl(String host, String socketId, String path, String browserKey) {
            keys.add(browserKey);
            return "https://example.com/.portway/oidc/start?r=" + host + path;
        }

        @Override
        public CompletableFuture<SignInAnswer> answer(SignInRequest request) {
            answered.add(request);
            return CompletableFuture.completedFuture(SignInAnswer.page(200, "t", request.target(), null, null));
        }
    };
    /** The sign-in cookie values the gate asked sign-in URLs for, and the sign-in path requests, in order. */
    private final List<String> keys = new ArrayList<>();
    private final List<VisitorSignIn.SignInRequest> answered = new ArrayList<>();
    private final SignInGate gate = new SignInGate(signIn, "https");
    private final EdgeSocket email = new EdgeSocket("s", NAME, "http", null, VisitorAccess.of(List.of(), false,
            null, null, List.of("ann@example.com"), List.of()));
    private final EdgeSocket open = new EdgeSocket("o", NAME, "http", null, VisitorAccess.OPEN);

    private static HttpRequest request(HttpMethod method, String uri, String... headers) {
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        for (int i = 0; i < headers.length; i += 2) {
            req.headers().add(headers[i], headers[i + 1]);
        }
        return req;
    }

    /** What the origin gets of a request the gate forwards: the forwarding headers handler comes next. */
    private static void forwarded(EdgeSocket socket, HttpRequest req, SignInGate.Outcome o) {
        req.headers().set("Host", NAME); // the admission let none through without one
        EmbeddedChannel ch = new EmbeddedChannel(new ForwardingHeaders("https", "192.0.2.1"));
        ch.writeInbound(new AdmittedRequest(req, socket, o.visitor()));
        assertSame(req, ((AdmittedRequest) ch.readInbound()).head());
    }

    private SignInGate.Outcome check(EdgeSocket socket, HttpRequest req) {
        return gate.check(UnpooledByteBufAllocator.DEFAULT, req, socket, NAME, "192.0.2.1");
    }

    private static String text(ByteBuf page) {
        try {
            return page.toString(StandardCharsets.UTF_8);
        } finally {
            page.release();
        }
    }

    @Test
    void anonymousBrowsersAreSentToSignInOthersGet401() {
        for (HttpMethod m : List.of(HttpMethod.GET, HttpMethod.HEAD)) {
            String page = text(check(email, request(m, "/a?b=1", "Accept", "text/html")).page());
            assertTrue(page.startsWith("HTTP/1.1 302 "), page);
            assertTrue(page.contains("Location: https://example.com/.portway/oidc/start?r=" + NAME + "/a?b=1\r\n"));
        }
        String both = text(check(email, request(HttpMethod.GET, "/", "Accept", "application/json, text/html")).page());
        assertTrue(both.startsWith("HTTP/1.1 302 "), "a browser that also takes JSON: " + both);
        String json = text(check(email, request(HttpMethod.GET, "/", "Accept", "application/json")).page());
        assertTrue(json.startsWith("HTTP/1.1 401 ") && json.contains("\"code\":\"sign_in_required\""), json);
        String post = text(check(email, request(HttpMethod.POST, "/", "Accept", "text/html")).page());
        assertTrue(post.startsWith("HTTP/1.1 401 ") && post.contains("text/html"), post);
        String stranger = text(check(email, request(HttpMethod.GET, "/", "Cookie",
                VisitorSignIn.SESSION_COOKIE + "=forged")).page());
        assertTrue(stranger.startsWith("HTTP/1.1 302 "), "a cookie that is nobody's is no sign-in: " + stranger);
    }

    @Test
    void theBrowserSentToSignInGetsASignInCookieThatTheHandOffIsGivenAndTheOriginNeverSees() {
        String page = text(check(email, request(HttpMethod.GET, "/", "Accept", "text/html")).page());
        String key = keys.get(0);
        assertTrue(page.contains("\r\nSet-Cookie: " + SignInCookie.NAME + "=" + key + "; Path=/; Max-Age=600; Secure; "
                + "HttpOnly; SameSite=Lax\r\n"), page);
        assertEquals(43, key.length());
        String again = text(check(email, request(HttpMethod.GET, "/", "Cookie", SignInCookie.NAME + "=" + key)).page());
        assertEquals(key, keys.get(1), "a browser keeps its key: tabs signing in at once do not undo each other");
        assertTrue(again.contains(SignInCookie.NAME + "=" + key + ";"), again);
        check(email, request(HttpMethod.GET, "/", "Cookie", SignInCookie.NAME + "=short"));
        assertFalse(keys.get(2).equals("short"), "a value not of our making is replaced");
        String post = text(check(email, request(HttpMethod.POST, "/", "Accept", "text/html")).page());
        assertTrue(post.startsWith("HTTP/1.1 401 ") && post.contains("Set-Cookie: " + SignInCookie.NAME + "="), post);

        check(email, request(HttpMethod.GET, VisitorSignIn.SESSION_PATH + "?code=c", "Cookie", "a=1; "
                + SignInCookie.NAME + "=" + key));
        VisitorSignIn.SignInRequest handOff = answered.get(0);
        assertEquals("s", handOff.socketId());
        assertEquals(SignInCookie.NAME + "=" + key, handOff.cookies());

        HttpRequest toOrigin = request(HttpMethod.GET, "/", "Cookie", SignInCookie.NAME + "=" + key + "; a=1; "
                + VisitorSignIn.SESSION_COOKIE + "=" + GOOD);
        SignInGate.Outcome o = check(email, toOrigin);
        assertTrue(o.forward());
        forwarded(email, toOrigin, o);
        assertEquals(List.of("a=1"), toOrigin.headers().getAll("Cookie"));
    }

    @Test
    void aSessionIsTheSocketsItWasMadeForNotAnotherSocketsOfTheSameName() {
        EdgeSocket reclaimed = new EdgeSocket("other", NAME, "http", null, email.access());
        String page = text(check(reclaimed, request(HttpMethod.GET, "/", "Cookie",
                VisitorSignIn.SESSION_COOKIE + "=" + GOOD)).page());
        assertTrue(page.startsWith("HTTP/1.1 302 "), page);
    }

    @Test
    void aSignedInVisitorIsForwardedAsThemselvesWithoutTheEdgesCookie() {
        HttpRequest req = request(HttpMethod.POST, "/api", "X-Portway-Email", "mallory@evil.example",
                "X-Portway-User", "forged", "Cookie", "a=1; " + VisitorSignIn.SESSION_COOKIE + "=" + GOOD);
        SignInGate.Outcome o = check(email, req);
        assertTrue(o.forward());
        assertEquals("ann@example.com", o.visitor().email());
        forwarded(email, req, o);
        assertEquals(List.of("ann@example.com"), req.headers().getAll("X-Portway-Email"));
        assertEquals(List.of("sub-ann"), req.headers().getAll("X-Portway-User"));
        assertEquals(List.of("a=1"), req.headers().getAll("Cookie"));
    }

    @Test
    void unsafeRequestsAndUpgradesFromAnotherSiteAre403EvenSignedIn() {
        String cookie = VisitorSignIn.SESSION_COOKIE + "=" + GOOD;
        String host = NAME;
        List<HttpRequest> refused = List.of(
                request(HttpMethod.POST, "/", "Host", host, "Cookie", cookie, "Sec-Fetch-Site", "same-site"),
                request(HttpMethod.DELETE, "/", "Host", host, "Cookie", cookie, "Sec-Fetch-Site", "cross-site"),
                request(HttpMethod.POST, "/", "Host", host, "Cookie", cookie, "Origin", "https://other." + host),
                request(HttpMethod.POST, "/", "Host", host, "Cookie", cookie, "Origin", "null"),
                request(HttpMethod.GET, "/ws", "Host", host, "Cookie", cookie, "Connection", "Upgrade",
                        "Upgrade", "websocket", "Origin", "https://sibling.example.com"),
                request(HttpMethod.GET, "/ws", "Host", host, "Cookie", cookie, "Connection", "Upgrade",
                        "Upgrade", "websocket", "Sec-Fetch-Site", "same-site", "Origin", "https://" + host));
        for (HttpRequest req : refused) {
            SignInGate.Outcome o = check(email, req);
            assertFalse(o.forward(), req.toString());
            String page = text(o.page());
            assertTrue(page.startsWith("HTTP/1.1 403 ") && page.contains("a request from another site"), page);
        }
        List<HttpRequest> allowed = List.of(
                request(HttpMethod.GET, "/", "Host", host, "Cookie", cookie, "Sec-Fetch-Site", "cross-site"),
                request(HttpMethod.POST, "/", "Host", host, "Cookie", cookie, "Sec-Fetch-Site", "same-origin",
                        "Origin", "https://" + host),
                request(HttpMethod.POST, "/", "Host", host, "Cookie", cookie, "Origin", "https://" + host),
                request(HttpMethod.POST, "/", "Host", host, "Cookie", cookie),
                request(HttpMethod.GET, "/ws", "Host", host, "Cookie", cookie, "Connection", "Upgrade",
                        "Upgrade", "websocket", "Origin", "https://" + host));
        for (HttpRequest req : allowed) {
            assertTrue(check(email, req).forward(), req.toString());
        }
        assertTrue(check(open, request(HttpMethod.POST, "/", "Host", host, "Sec-Fetch-Site", "cross-site")).forward(),
                "a socket without e-mail sign-in is its origin's to guard");
    }

    @Test
    void aSignedInVisitorWhoIsNotAdmittedGets403NamingTheAccount() {
        String page = text(check(email, request(HttpMethod.GET, "/", "Cookie",
                VisitorSignIn.SESSION_COOKIE + "=" + EVE)).page());
        assertTrue(page.startsWith("HTTP/1.1 403 "), page);
        assertTrue(page.contains("eve@other.example") && page.contains("href=\"/.portway/logout\""), page);
    }

    @Test
    void anOpenSocketsOriginIsNeverToldWhoItIsAndNeverGetsTheCookie() {
        HttpRequest req = request(HttpMethod.GET, "/", "X-Portway-Email", "mallory@evil.example",
                "Cookie", VisitorSignIn.SESSION_COOKIE + "=" + GOOD);
        SignInGate.Outcome o = check(open, req);
        assertTrue(o.forward());
        assertNull(o.visitor());
        forwarded(open, req, o);
        assertFalse(req.headers().contains("X-Portway-Email"));
        assertFalse(req.headers().contains("Cookie"), "nothing else was in it");
        assertNull(check(open, request(HttpMethod.GET, VisitorSignIn.LOGOUT_PATH)).later(),
                "an open socket's /.portway/logout is its origin's");
    }

    @Test
    void anEmailSocketOnAServerWithoutAProviderGetsA503PageNotAClosedConnection() {
        SignInGate none = new SignInGate(VisitorSignIn.NONE, "https");
        for (HttpMethod m : List.of(HttpMethod.GET, HttpMethod.POST)) {
            String page = text(none.check(UnpooledByteBufAllocator.DEFAULT, request(m, "/", "Accept", "text/html"),
                    email, NAME, "192.0.2.1").page());
            assertTrue(page.startsWith("HTTP/1.1 503 "), page);
            assertTrue(page.contains("needs sign-in, and the server has no identity provider set up"), page);
        }
    }

    @Test
    void identityHeadersInAnySpellingNeverReachTheOrigin() {
        for (EdgeSocket socket : List.of(open, email)) {
            HttpRequest req = request(HttpMethod.GET, "/", "X_Portway_Email", "ceo@example.com", "x_portway_user",
                    "ceo", "X-PORTWAY-EMAIL", "ceo@example.com", "X-Portway_User", "ceo", "X-Portway-Emails", "kept",
                    "Cookie", VisitorSignIn.SESSION_COOKIE + "=" + GOOD);
            SignInGate.Outcome o = check(socket, req);
            assertTrue(o.forward());
            forwarded(socket, req, o);
            List<String> names = req.headers().names().stream()
                    .filter(n -> !n.startsWith("X-Forwarded-") && !n.equals("Host")).toList();
            assertEquals(socket == email ? List.of("X-Portway-Emails", "X-Portway-Email", "X-Portway-User")
                    : List.of("X-Portway-Emails"), names, "only what is not an identity header is left");
        }
    }

    @Test
    void theHandOffAndTheLogoutAreAnsweredByTheSignInSideAndTheApexOnlyForItsPaths() {
        assertNotNull(check(email, request(HttpMethod.GET, VisitorSignIn.SESSION_PATH + "?code=x")).later());
        assertNotNull(check(email, request(HttpMethod.GET, VisitorSignIn.LOGOUT_PATH)).later());
        String apexRoot = text(gate.apex(UnpooledByteBufAllocator.DEFAULT, request(HttpMethod.GET, "/"),
                "example.com", "192.0.2.1").page());
        assertTrue(apexRoot.startsWith("HTTP/1.1 404 "), apexRoot);
        assertNotNull(gate.apex(UnpooledByteBufAllocator.DEFAULT, request(HttpMethod.GET,
                "/.portway/oidc/callback?code=c&state=s"), "example.com", "192.0.2.1").later());
    }
}
