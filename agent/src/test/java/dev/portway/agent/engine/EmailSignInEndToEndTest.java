// E-mail sign-in end to end, as visitors see it with curl: a real server with a real OpenID Connect provider
// (TestIdentityProvider), real agents and a real origin that echoes the headers it got, over the real HTTPS edge.
// One server, provider and origin for the class; each test signs in afresh with its own cookie jar.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.protocol.Json;
import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.server.TestServers;
import dev.portway.server.config.OidcSettings;
import dev.portway.server.acme.ChallTestSrv;
import dev.portway.server.oidc.TestIdentityProvider;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class EmailSignInEndToEndTest {
    static final String SESSION = "__Host-portway_session";

    @TempDir
    static Path dir;
    static TestIdentityProvider provider;
    /** The DNS server (--resolver) through which custom domains are proved. */
    static ChallTestSrv dns;
    static Harness h;
    static Origin origin;
    static final List<AutoCloseable> agents = new ArrayList<>();
    /** Admits ann@example.com; admits anyone at corp.example; admits everyone (no sign-in). */
    static SocketInfo ann;
    static SocketInfo corp;
    static SocketInfo open;
    static SignInCurl curl;

    @BeforeAll
    static void start() throws Exception {
        provider = TestIdentityProvider.start();
        dns = ChallTestSrv.start(dir.resolve("challtestsrv.log"));
        h = new Harness(dir.resolve("server"), TestServers.config(dir.resolve("server")).withOidc(provider.settings())
                .withNames(dns.names()));
        origin = new Origin();
        ann = emailSocket(h, "{\"allowed_emails\":[\"Ann@Example.com\"]}");
        corp = emailSocket(h, "{\"allowed_email_domains\":[\"corp.example\"]}");
        open = emailSocket(h, null);
        curl = visitorCurl(h, Files.createDirectories(dir.resolve("curl")));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable a : agents) {
            a.close();
        }
        if (origin != null) {
            origin.close();
        }
        if (h != null) {
            h.close();
        }
        if (provider != null) {
            provider.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    /** An http socket with this access (a PATCH body; null: none) and a tunnel to the origin, online. */
    static SocketInfo emailSocket(Harness h, String access) throws Exception {
        Harness.Tunnel t = h.create("http");
        if (access != null) {
            patch(h, t.socket().socketId(), access);
        }
        agents.add(h.connectAndAwaitOnline(t, origin.port(), new RecordingListener()));
        return t.socket();
    }

    static void patch(Harness h, String socketId, String body) throws Exception {
        Request req = new Request.Builder().url(h.server.config().apiUrl() + "/api/v1/sockets/" + socketId)
                .header("Authorization", "Bearer " + h.token)
                .patch(RequestBody.create(body, MediaType.get("application/json"))).build();
        try (Response r = new OkHttpClient().newCall(req).execute()) {
            assertEquals(200, r.code(), r.body().string());
        }
    }

    /** curl that trusts this server's certificate and resolves its names (the apex, "localhost", too) to loopback. */
    static SignInCurl visitorCurl(Harness h, Path scratch) throws Exception {
        return new SignInCurl(scratch, h.dataDir.resolve("tls/cert.pem"))
                .resolving("localhost", h.server.config().httpsPort(), "127.0.0.1");
    }

    static String url(Harness h, SocketInfo s, String path) {
        return "https://" + s.dnsName() + ":" + h.server.config().httpsPort() + path;
    }

    static Path jar() throws Exception {
        return Files.createTempFile(dir, "jar", ".txt");
    }

    /** Signs in as email through every redirect (curl -L) for the socket's path; the last answer. */
    static SignInCurl.Reply signIn(Harness h, SignInCurl curl, SocketInfo s, String email, Path jar, String path,
                                   String... extra) throws Exception {
        provider.nextSignIn(email);
        List<String> args = new ArrayList<>(List.of("-L", "-c", jar.toString(), "-b", jar.toString()));
        args.addAll(List.of(extra));
        args.add(url(h, s, path));
        return curl.get(args.toArray(String[]::new));
    }

    /** The session cookie's value in a curl cookie jar. */
    static String sessionCookie(Path jar) throws Exception {
        return Files.readAllLines(jar).stream().map(l -> l.split("\t")).filter(f -> f.length == 7
                && f[5].equals(SESSION)).map(f -> f[6]).findFirst().orElse(null);
    }

    static JsonNode json(SignInCurl.Reply r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    @Test
    void anAnonymousBrowserIsSentToSignInOnTheApexDomain() throws Exception {
        SignInCurl.Reply r = curl.get("-H", "Accept: text/html,*/*", url(h, ann, "/headers?x=1"));
        assertEquals(302, r.status(), r.body());
        String start = "https://localhost:" + h.server.config().httpsPort() + "/.portway/oidc/start?r=";
        assertTrue(r.header("location").startsWith(start), r.header("location"));

        SignInCurl.Reply toProvider = curl.get(r.header("location"));
        assertEquals(302, toProvider.status(), toProvider.body());
        URI authorize = URI.create(toProvider.header("location"));
        assertTrue(authorize.toString().startsWith(provider.issuer().toString()), authorize.toString());
        String q = authorize.getRawQuery();
        for (String p : List.of("response_type=code", "code_challenge_method=S256", "code_challenge=", "state=",
                "nonce=", "client_id=" + TestIdentityProvider.CLIENT_ID, "scope=openid+email")) {
            assertTrue(q.contains(p), p + " in " + q);
        }
        assertTrue(q.contains("redirect_uri=https%3A%2F%2Flocalhost%3A" + h.server.config().httpsPort()
                + "%2F.portway%2Foidc%2Fcallback"), q);
        String flow = toProvider.header("set-cookie");
        // __Host-: a sibling socket's page cannot set it for the apex with Domain=DOMAIN.
        assertTrue(flow.startsWith("__Host-portway_oidc_flow_") && flow.contains("; Path=/;")
                && flow.contains("Secure") && flow.contains("HttpOnly"), flow);
        assertFalse(flow.toLowerCase(java.util.Locale.ROOT).contains("domain="), flow);
    }

    @Test
    void aRequestThatAsksForJsonOrIsNoGetGets401() throws Exception {
        SignInCurl.Reply asJson = curl.get("-H", "Accept: application/json", url(h, ann, "/headers"));
        assertEquals(401, asJson.status(), asJson.body());
        assertEquals("sign_in_required", json(asJson).at("/error/code").asText());
        assertFalse(json(asJson).at("/error/message").asText().isBlank());

        SignInCurl.Reply post = curl.get("-X", "POST", "--data", "x", url(h, ann, "/echo"));
        assertEquals(401, post.status(), post.body());
        assertTrue(post.header("content-type").startsWith("text/html"), post.header("content-type"));
        assertTrue(post.body().contains("Sign-in required"), post.body());
    }

    @Test
    void plainHttpVisitorsOfAnEmailSocketGoToHttpsFirst() throws Exception {
        SignInCurl.Reply r = curl.get("--resolve", ann.dnsName() + ":" + h.server.config().httpPort() + ":127.0.0.1",
                "http://" + ann.dnsName() + ":" + h.server.config().httpPort() + "/headers");
        assertEquals(308, r.status());
        assertEquals(url(h, ann, "/headers"), r.header("location"));
    }

    @Test
    void anAllowedAddressReachesTheOriginWhichLearnsWhoItIsAndNeverSeesTheEdgesCookie() throws Exception {
        Path jar = jar();
        SignInCurl.Reply r = signIn(h, curl, ann, "ann@example.com", jar, "/headers?from=signin",
                "-H", "X-Portway-Email: mallory@evil.example", "-H", "X-Portway-User: forged");
        assertEquals(200, r.status(), r.body());
        JsonNode seen = json(r);
        assertEquals("ann@example.com", seen.get("X-Portway-Email").asText(), seen.toString());
        assertEquals("sub-ann@example.com", seen.get("X-Portway-User").asText());

        String session = sessionCookie(jar);
        assertNotNull(session, "the session cookie is in the jar: " + Files.readString(jar));
        // The cookie as a browser would send it among the origin's own: only the origin's reach it.
        SignInCurl.Reply again = curl.get("-H", "Cookie: theme=dark; " + SESSION + "=" + session + "; lang=en",
                "-H", "X-Portway-Email: mallory@evil.example", url(h, ann, "/headers"));
        assertEquals(200, again.status(), again.body());
        assertEquals("theme=dark; lang=en", json(again).get("Cookie").asText());
        assertEquals("ann@example.com", json(again).get("X-Portway-Email").asText());

        SignInCurl.Reply onlyOurs = curl.get("-H", "Cookie: " + SESSION + "=" + session, url(h, ann, "/headers"));
        assertEquals(200, onlyOurs.status());
        assertNull(json(onlyOurs).get("Cookie"), onlyOurs.body());

        SignInCurl.Reply elsewhere = curl.get("-H", "Cookie: " + SESSION + "=" + session, "-H", "Accept: text/html",
                url(h, corp, "/headers"));
        assertEquals(302, elsewhere.status(), "a session is its own name's only: " + elsewhere.body());
    }

    @Test
    void aCustomDomainOfTheSocketSignsInUnderItsOwnName() throws Exception {
        SocketInfo team = emailSocket(h, "{\"allowed_emails\":[\"ann@example.com\"]}");
        String custom = "app.signin-test.example";
        Request put = new Request.Builder().url(h.server.config().apiUrl() + "/api/v1/sockets/" + team.socketId())
                .header("Authorization", "Bearer " + h.token).patch(RequestBody.create("{\"custom_domains\":[\""
                        + custom + "\"]}", MediaType.get("application/json"))).build();
        JsonNode domain;
        try (Response r = new OkHttpClient().newCall(put).execute()) {
            domain = Json.mapper().readTree(r.body().string()).at("/custom_domains/0");
        }
        dns.setTxt(domain.get("txt_name").asText(), domain.get("txt_value").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> h.api.socket(team.socketId()).customDomains().get(0)
                .status().equals("verified"));

        SignInCurl c = visitorCurl(h, Files.createDirectories(dir.resolve("curl-custom")))
                .resolving(custom, h.server.config().httpsPort(), "127.0.0.1");
        provider.nextSignIn("ann@example.com");
        Path jar = jar();
        String page = "https://" + custom + ":" + h.server.config().httpsPort() + "/headers";
        SignInCurl.Reply r = c.get("-L", "-c", jar.toString(), "-b", jar.toString(), page);
        assertEquals(200, r.status(), r.body());
        assertEquals("ann@example.com", json(r).get("X-Portway-Email").asText());
        assertTrue(Files.readAllLines(jar).stream().anyMatch(l -> l.contains(custom) && l.contains(SESSION)),
                "the session cookie is the custom name's own");
    }

    @Test
    void theVisitorComesBackToALongPathAfterSigningIn() throws Exception {
        String pad = "x".repeat(1000); // near the 1 KiB a sign-in target keeps
        SignInCurl.Reply r = signIn(h, curl, ann, "ann@example.com", jar(), "/hello?i=" + pad);
        assertEquals(200, r.status(), r.body());
        assertEquals("hello " + pad, r.body());
    }

    @Test
    void anAddressAtAnAllowedDomainGetsIn() throws Exception {
        SignInCurl.Reply r = signIn(h, curl, corp, "bob@corp.example", jar(), "/headers");
        assertEquals(200, r.status(), r.body());
        assertEquals("bob@corp.example", json(r).get("X-Portway-Email").asText());
    }

    @Test
    void aSignedInVisitorWhoIsNotAllowedGets403NamingTheAccountWithASignOutLink() throws Exception {
        SignInCurl.Reply r = signIn(h, curl, ann, "eve@other.example", jar(), "/headers");
        assertEquals(403, r.status(), r.body());
        assertTrue(r.body().contains("eve@other.example"), r.body());
        assertTrue(r.body().contains("href=\"/.portway/logout\""), r.body());
    }

    @Test
    void anUnverifiedAddressIsRefused() throws Exception {
        provider.nextSignIn("ann@example.com", false, "sub-unverified");
        Path jar = jar();
        SignInCurl.Reply r = curl.get("-L", "-c", jar.toString(), "-b", jar.toString(), url(h, ann, "/headers"));
        assertEquals(403, r.status(), r.body());
        assertTrue(r.body().contains("has not verified"), r.body());
        assertNull(sessionCookie(jar));
    }

    @Test
    void aVisitorsOwnIdentityHeadersNeverReachAnOriginOfAnOpenSocket() throws Exception {
        SignInCurl.Reply r = curl.get("-H", "X-Portway-Email: mallory@evil.example", "-H", "X-Portway-User: forged",
                url(h, open, "/headers"));
        assertEquals(200, r.status(), r.body());
        assertNull(json(r).get("X-Portway-Email"), r.body());
        assertNull(json(r).get("X-Portway-User"), r.body());
    }

    @Test
    void logoutEndsTheSessionAndACopyOfTheOldCookieStopsWorking() throws Exception {
        Path jar = jar();
        assertEquals(200, signIn(h, curl, ann, "ann@example.com", jar, "/headers").status());
        String session = sessionCookie(jar);

        SignInCurl.Reply out = curl.get("-H", "Cookie: " + SESSION + "=" + session, url(h, ann, "/.portway/logout"));
        assertEquals(200, out.status(), out.body());
        assertTrue(out.body().contains("Signed out"), out.body());
        assertTrue(out.body().contains("Sign in again"), out.body());
        assertTrue(out.header("set-cookie").startsWith(SESSION + "=;") && out.header("set-cookie")
                .contains("Max-Age=0"), out.header("set-cookie"));

        SignInCurl.Reply copied = curl.get("-H", "Cookie: " + SESSION + "=" + session, "-H", "Accept: text/html",
                url(h, ann, "/headers"));
        assertEquals(302, copied.status(), "the ended session is anonymous again: " + copied.body());
    }

    /** The steps of one sign-in by hand: the flow cookie's jar, the provider's URL, its answer, the callback. */
    record Steps(Path jar, String authorize) {
    }

    static Steps begin(Harness h, SignInCurl curl, SocketInfo s) throws Exception {
        return begin(h, curl, s, jar());
    }

    /** As above, in the browser whose cookie jar this is. */
    static Steps begin(Harness h, SignInCurl curl, SocketInfo s, Path jar) throws Exception {
        SignInCurl.Reply first = curl.get("-b", jar.toString(), "-c", jar.toString(), url(h, s, "/headers"));
        SignInCurl.Reply start = curl.get("-b", jar.toString(), "-c", jar.toString(), first.header("location"));
        assertEquals(302, start.status(), start.body());
        return new Steps(jar, start.header("location"));
    }

    /** The provider's redirect back to the server's callback, for this authorization URL. */
    static String providerAnswer(SignInCurl curl, String authorize) throws Exception {
        SignInCurl.Reply r = curl.get(authorize);
        assertEquals(302, r.status(), r.body());
        return r.header("location");
    }

    @Test
    void signInsStartedAtOnceInOneBrowserBothComplete() throws Exception {
        Path jar = jar();
        // Two tabs restored together: both sign-ins start before either comes back.
        Steps first = begin(h, curl, ann, jar);
        Steps second = begin(h, curl, corp, jar);
        provider.nextSignIn("ann@example.com");
        String firstBack = providerAnswer(curl, first.authorize());
        provider.nextSignIn("bob@corp.example");
        String secondBack = providerAnswer(curl, second.authorize());
        SignInCurl.Reply one = curl.get("-b", jar.toString(), firstBack);
        SignInCurl.Reply two = curl.get("-b", jar.toString(), secondBack);
        assertEquals(302, one.status(), one.body());
        assertEquals(302, two.status(), two.body());
        assertTrue(one.header("location").startsWith(url(h, ann, "/.portway/oidc/session?code=")));
        assertTrue(two.header("location").startsWith(url(h, corp, "/.portway/oidc/session?code=")));
    }

    @Test
    void aCallbackWhoseStateIsNotTheBrowsersIsRefused() throws Exception {
        Steps s = begin(h, curl, ann);
        provider.nextSignIn("ann@example.com");
        String callback = providerAnswer(curl, s.authorize());
        String forged = callback.replaceAll("state=[^&]+", "state=forged");
        SignInCurl.Reply r = curl.get("-b", s.jar().toString(), forged);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("not started in this browser"), r.body());

        SignInCurl.Reply noCookie = curl.get(callback);
        assertEquals(400, noCookie.status(), "the right state without the browser's flow cookie: " + noCookie.body());
        // The browser's own callback still completes (and takes the provider's queued sign-in, which would
        // otherwise be the next test's).
        assertEquals(302, curl.get("-b", s.jar().toString(), callback).status());
    }

    @Test
    void anIdTokenForAnotherNonceIsRefused() throws Exception {
        Steps s = begin(h, curl, ann);
        provider.nextSignIn("ann@example.com");
        // The provider signs a token for a nonce the server did not make (a token from another sign-in).
        String callback = providerAnswer(curl, s.authorize().replaceAll("nonce=[^&]+", "nonce=other"));
        SignInCurl.Reply r = curl.get("-b", s.jar().toString(), callback);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("did not check out"), r.body());
    }

    @Test
    void aHandOffCodeWorksOnceAndSetsAHostOnlySecureHttpOnlyLaxCookie() throws Exception {
        Steps s = begin(h, curl, ann);
        provider.nextSignIn("ann@example.com");
        SignInCurl.Reply handOff = curl.get("-b", s.jar().toString(), providerAnswer(curl, s.authorize()));
        assertEquals(302, handOff.status(), handOff.body());
        String session = handOff.header("location");
        assertTrue(session.startsWith(url(h, ann, "/.portway/oidc/session?code=")), session);

        SignInCurl.Reply first = curl.get("-b", s.jar().toString(), session);
        assertEquals(302, first.status(), first.body());
        assertEquals("/headers", first.header("location"));
        String cookie = first.all("set-cookie").stream().filter(c -> c.startsWith(SESSION + "=")).findFirst()
                .orElseThrow();
        assertTrue(cookie.startsWith(SESSION + "="), cookie);
        for (String attribute : List.of("Path=/;", "Secure", "HttpOnly", "SameSite=Lax", "Max-Age=43200")) {
            assertTrue(cookie.contains(attribute), attribute + " in " + cookie);
        }
        assertFalse(cookie.toLowerCase(java.util.Locale.ROOT).contains("domain="), "host-only: " + cookie);

        SignInCurl.Reply second = curl.get("-b", s.jar().toString(), session);
        assertEquals(400, second.status(), second.body());
        assertTrue(second.body().contains("used already"), second.body());
        assertNull(second.header("set-cookie"));

        SignInCurl.Reply elsewhere = curl.get(session.replace(ann.dnsName(), corp.dnsName()));
        assertEquals(400, elsewhere.status(), "a code is for its own name only (and was used): " + elsewhere.body());
    }

    @Test
    void aHandOffLinkOpenedInAnotherBrowserSignsNobodyIn() throws Exception {
        // The attacker signs in as themselves and stops at the hand-off, then sends the link to a victim.
        Steps attacker = begin(h, curl, ann);
        provider.nextSignIn("ann@example.com");
        String link = curl.get("-b", attacker.jar().toString(), providerAnswer(curl, attacker.authorize()))
                .header("location");
        assertTrue(link.startsWith(url(h, ann, "/.portway/oidc/session?code=")), link);
        Path victim = jar();
        SignInCurl.Reply r = curl.get("-b", victim.toString(), "-c", victim.toString(), link);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("started in another browser"), r.body());
        assertNull(sessionCookie(victim), "the victim is not signed in as the attacker");
    }

    @Test
    void aNameDeletedAndClaimedByAnotherSocketInheritsNoSession() throws Exception {
        String label = "reclaimed-" + Long.toHexString(System.nanoTime());
        Harness.Tunnel first = emailTunnel(label);
        Path jar = jar();
        String session;
        try (AutoCloseable agent = h.connectAndAwaitOnline(first, origin.port(), new RecordingListener())) {
            assertEquals(200, signIn(h, curl, first.socket(), "ann@example.com", jar, "/headers").status());
            session = sessionCookie(jar);
        }
        h.api.deleteSocket(first.socket().socketId());
        Harness.Tunnel second = emailTunnel(label);
        assertEquals(first.socket().dnsName(), second.socket().dnsName());
        try (AutoCloseable agent = h.connectAndAwaitOnline(second, origin.port(), new RecordingListener())) {
            SignInCurl.Reply r = curl.get("-H", "Cookie: " + SESSION + "=" + session, "-H", "Accept: text/html",
                    url(h, second.socket(), "/headers"));
            assertEquals(302, r.status(), "the old socket's session is not the new one's: " + r.body());
        }
    }

    /** An http socket named label that admits ann@example.com, with a tunnel (not connected). */
    static Harness.Tunnel emailTunnel(String label) {
        SocketInfo s = h.api.createSocket(new CreateSocket("t", "http", null, null, null, null, label,
                List.of("ann@example.com"), null));
        return new Harness.Tunnel(s, h.api.createTunnel(s.socketId()));
    }

    @Test
    void aProviderAddressWithALetterOutsideAsciiIsRefusedNotFolded() throws Exception {
        SocketInfo kelvin = emailSocket(h, "{\"allowed_email_domains\":[\"kelvin.example\"]}");
        SignInCurl.Reply r = signIn(h, curl, kelvin, "eve@\u212Aelvin.example", jar(), "/headers");
        assertEquals(403, r.status(), r.body());
        assertTrue(r.body().contains("other than ASCII"), r.body());
    }

    @Test
    void aSessionEndsAfterItsLifetime() throws Exception {
        Path server = dir.resolve("short-server");
        try (Harness shortLived = new Harness(server, TestServers.config(server).withOidc(provider.settings()
                .withSession(Duration.ofSeconds(2))))) {
            SocketInfo s = emailSocket(shortLived, "{\"allowed_emails\":[\"ann@example.com\"]}");
            SignInCurl c = visitorCurl(shortLived, Files.createDirectories(dir.resolve("curl-short")));
            Path jar = jar();
            assertEquals(200, signIn(shortLived, c, s, "ann@example.com", jar, "/headers").status());
            String session = sessionCookie(jar);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> c.get(
                    "-H", "Cookie: " + SESSION + "=" + session, url(shortLived, s, "/headers")).status() == 302);
        }
    }

    @Test
    void anAddressWhoseCallbacksKeepFailingWaits() throws Exception {
        // An address of its own, so the other tests' failures (and this one's) count apart.
        String callback = "https://localhost:" + h.server.config().httpsPort()
                + "/.portway/oidc/callback?state=guess&code=guess";
        for (int i = 0; i < 20; i++) {
            assertEquals(400, curl.get("--interface", "127.0.0.9", callback).status());
        }
        SignInCurl.Reply r = curl.get("--interface", "127.0.0.9", callback);
        assertEquals(429, r.status(), r.body());
        assertTrue(r.body().contains("Too many sign-ins from this address failed"), r.body());
    }

    @Test
    void whileTheProviderIsDownSignInSaysSoAndEverythingElseServes() throws Exception {
        int closed = TestServers.freeRange(1);
        Path server = dir.resolve("provider-down");
        try (Harness down = new Harness(server, TestServers.config(server).withOidc(new OidcSettings(
                URI.create("http://127.0.0.1:" + closed + "/realm"), "portway", null, OidcSettings.DEFAULT_SESSION)))) {
            SocketInfo s = down.create("http").socket();
            patch(down, s.socketId(), "{\"allowed_emails\":[\"ann@example.com\"]}");
            SignInCurl c = visitorCurl(down, Files.createDirectories(dir.resolve("curl-down")));
            SignInCurl.Reply r = c.get("-L", url(down, s, "/"));
            assertEquals(503, r.status(), r.body());
            assertTrue(r.body().contains("cannot be reached right now"), r.body());
        }
    }

    @Test
    void theApexDomainServesOnlyTheSignInPaths() throws Exception {
        SignInCurl.Reply r = curl.get("https://localhost:" + h.server.config().httpsPort() + "/");
        assertEquals(404, r.status(), r.body());
        SignInCurl.Reply forged = curl.get("https://localhost:" + h.server.config().httpsPort()
                + "/.portway/oidc/start?r=not-sealed-by-the-server");
        assertEquals(400, forged.status(), "no open redirect: a target the server did not seal goes nowhere");
        assertNull(forged.header("location"));
    }
}
