// E-mail sign-in on two nodes of one PostgreSQL store: a visitor who signed in through node A is signed in on node
// B too (one sealing key in the store), a hand-off code made by A's callback is redeemed on B, and a sign-out on B
// refuses the same cookie on A within a poll.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.Json;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import dev.portway.server.PortwayServer;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.oidc.TestIdentityProvider;
import dev.portway.server.store.PostgresServer;
import dev.portway.server.store.StoreLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("postgres")
class ClusterEmailSignInTest {
    /** Addresses of their own, so the fixed --tcp-ports range below is shared with no other test. */
    private static final String A = "127.0.0.41";
    private static final String B = "127.0.0.42";
    private static final String TCP_PORTS = "24400-24409";
    private static final String SESSION = EmailSignInEndToEndTest.SESSION;

    @TempDir
    Path dir;

    private PortwayServer node(String name, String address, StoreLocation store, TestIdentityProvider provider)
            throws Exception {
        Path data = dir.resolve(name);
        if (!name.equals("a")) {
            // One certificate for both nodes (as TwoNodes): the visitor's curl pins one key.
            Path tls = Files.createDirectories(data.resolve("tls"));
            for (String f : new String[]{"cert.pem", "key.pem"}) {
                Files.copy(dir.resolve("a/tls").resolve(f), tls.resolve(f));
            }
        }
        return PortwayServer.start(ServerConfig.builder(data).bind(address).tcpPorts(TCP_PORTS).store(store)
                .oidc(provider.settings()).build());
    }

    private static String url(PortwayServer node, SocketInfo s, String path) {
        return "https://" + s.dnsName() + ":" + node.config().httpsPort() + path;
    }

    @Test
    void aSessionFromOneNodeWorksOnTheOtherAndASignOutReachesBoth() throws Exception {
        StoreLocation store = PostgresServer.get().newDatabase();
        List<AutoCloseable> open = new ArrayList<>();
        try (TestIdentityProvider provider = TestIdentityProvider.start(); Origin origin = new Origin()) {
            PortwayServer a = node("a", A, store, provider);
            open.add(a);
            PortwayServer b = node("b", B, store, provider);
            open.add(b);
            String email = "owner-" + UUID.randomUUID() + "@example.com";
            ApiClient anonymous = new ApiClient(a.config().apiUrl(), null);
            anonymous.signup(email, "password1");
            String token = anonymous.login(email, "password1").token();
            ApiClient api = anonymous.withToken(token);
            SocketInfo socket = api.createSocket("team", "http");
            Request patch = new Request.Builder().url(a.config().apiUrl() + "/api/v1/sockets/" + socket.socketId())
                    .header("Authorization", "Bearer " + token).patch(RequestBody.create(
                            "{\"allowed_email_domains\":[\"team.example\"]}", MediaType.get("application/json")))
                    .build();
            try (Response r = new OkHttpClient().newCall(patch).execute()) {
                assertEquals(200, r.code(), r.body().string());
            }
            TunnelInfo tunnel = api.createTunnel(socket.socketId());
            RecordingListener listener = new RecordingListener();
            open.add(TunnelLauncher.launch(api, socket.socketId(), tunnel.tunnelId(),
                    new LocalTarget("127.0.0.1", origin.port()), listener));
            await().atMost(Duration.ofSeconds(20)).until(() -> listener.status == AgentStatus.ONLINE);

            Path scratch = Files.createDirectories(dir.resolve("curl"));
            SignInCurl curl = new SignInCurl(scratch, dir.resolve("a/tls/cert.pem"))
                    .resolving("localhost", a.config().httpsPort(), A)
                    .resolving(socket.dnsName(), a.config().httpsPort(), A)
                    .resolving("localhost", b.config().httpsPort(), B)
                    .resolving(socket.dnsName(), b.config().httpsPort(), B);

            provider.nextSignIn("kim@team.example");
            Path jar = Files.createTempFile(dir, "jar", ".txt");
            SignInCurl.Reply viaA = curl.get("-L", "-c", jar.toString(), "-b", jar.toString(),
                    url(a, socket, "/headers"));
            assertEquals(200, viaA.status(), viaA.body());
            String session = EmailSignInEndToEndTest.sessionCookie(jar);
            assertNotNull(session);

            // Node B knows the socket (and its e-mail access) from the store's poll; the link is A's, relayed.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> curl.get(
                    "-H", "Cookie: " + SESSION + "=" + session, url(b, socket, "/headers")).status() == 200);
            SignInCurl.Reply onB = curl.get("-H", "Cookie: " + SESSION + "=" + session, url(b, socket, "/headers"));
            assertEquals("kim@team.example", Json.mapper().readTree(onB.body()).get("X-Portway-Email").asText());

            // A hand-off code made by A's callback, redeemed at B.
            Path flowJar = Files.createTempFile(dir, "flow", ".txt");
            SignInCurl.Reply first = curl.get("-b", flowJar.toString(), "-c", flowJar.toString(), url(a, socket, "/"));
            SignInCurl.Reply start = curl.get("-b", flowJar.toString(), "-c", flowJar.toString(),
                    first.header("location"));
            provider.nextSignIn("lee@team.example");
            String callback = curl.get(start.header("location")).header("location");
            String handOff = curl.get("-b", flowJar.toString(), callback).header("location");
            assertTrue(handOff.startsWith(url(a, socket, "/.portway/oidc/session?code=")), handOff);
            String handOffAtB = handOff.replace(":" + a.config().httpsPort() + "/", ":" + b.config().httpsPort() + "/");
            SignInCurl.Reply redeemed = curl.get("-b", flowJar.toString(), handOffAtB);
            assertEquals(302, redeemed.status(), redeemed.body());
            assertTrue(redeemed.all("set-cookie").stream().anyMatch(c -> c.startsWith(SESSION + "=")),
                    redeemed.headers().toString());

            // Signed out at B: A refuses the copied cookie within its poll.
            assertEquals(200, curl.get("-H", "Cookie: " + SESSION + "=" + session,
                    url(b, socket, "/.portway/logout")).status());
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> curl.get(
                    "-H", "Cookie: " + SESSION + "=" + session, url(a, socket, "/headers")).status() == 302);
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }
}
