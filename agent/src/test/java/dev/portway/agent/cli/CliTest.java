// The command line against a real server: the seed's flow, JSON output, saved settings, and one-line errors.
package dev.portway.agent.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.agent.engine.AgentListener;
import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.agent.engine.TunnelAgent;
import dev.portway.agent.engine.TunnelLauncher;
import dev.portway.protocol.Json;
import dev.portway.server.ServerTestCase;
import dev.portway.server.TestServers;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CliTest extends ServerTestCase {
    String api;

    record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            return Json.mapper().readTree(out);
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = servers.start(TestServers.config(dir.resolve("server")));
        api = "http://127.0.0.1:" + server.config().apiPort();
    }

    Result run(String home, String... args) {
        return runIn(dir.resolve(home), args);
    }

    /** The CLI in this JVM, with its configuration in home; what it printed and returned. */
    static Result runIn(Path home, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", home.toString());
        int code = Main.run(args, new Cli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), SettingsStore.standard(env)));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static void assertOneLineError(Result r, int code, String contains) {
        assertEquals(code, r.code(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), "one line on stderr: " + r.err());
        assertTrue(r.err().startsWith("portway: "), r.err());
        assertTrue(r.err().contains(contains), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void theSeedsFlowWorks() throws Exception {
        assertEquals(0, run("u", "account", "create", "--server", api, "--email", "ann@example.com",
                "--password", "password1").code());
        Result login = run("u", "login", "--server", api, "--email", "ann@example.com", "--password", "password1");
        assertEquals(0, login.code(), login.err());
        Path config = dir.resolve("u/portway/config.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        String shown = run("u", "account", "show").out();
        assertTrue(shown.contains("ann@example.com"), shown);
        assertTrue(shown.contains("100 sockets, of them 10 tcp, tls or udp"), shown);

        JsonNode socket = run("u", "socket", "create", "--name", "my service at home", "--type", "http", "--json")
                .json();
        String socketId = socket.get("socket_id").asText();
        assertTrue(socket.get("dns_name").asText().endsWith(".localhost"));
        assertTrue(run("u", "socket", "ls").out().contains(socketId));

        Result tunnel = run("u", "tunnel", "create", "--socket_id", socketId);
        assertEquals(0, tunnel.code(), tunnel.err());
        String tunnelId = tunnel.out().lines().filter(l -> l.startsWith("tunnel_id")).findFirst().orElseThrow()
                .split("\\s+")[1];
        JsonNode tunnels = run("u", "tunnel", "ls", "--socket", socketId, "--json").json();
        assertEquals(tunnelId, tunnels.get(0).get("tunnel_id").asText());
        assertEquals("offline", tunnels.get(0).get("status").asText());

        assertEquals(0, run("u", "tunnel", "delete", "--socket", socketId, tunnelId).code());
        assertEquals(0, run("u", "socket", "delete", socketId).code());
        assertTrue(run("u", "socket", "ls").out().contains("No sockets yet"));
        assertEquals(0, run("u", "logout").code());
        assertOneLineError(run("u", "socket", "ls"), 1, "not signed in");
    }

    @Test
    void errorsAreOnePlainLine() {
        assertOneLineError(run("x", "login", "--server", "http://127.0.0.1:1", "--email", "a@example.com",
                "--password", "password1"), 1, "cannot reach the server");
        assertOneLineError(run("x", "socket", "ls"), 1, "no server given");
        assertOneLineError(run("x", "socket", "create", "--bogus"), 2, "--bogus");
        assertOneLineError(run("x", "login", "--server", "not a url", "--email", "a@example.com", "--password",
                "p"), 1, "not a server URL");
        assertEquals(0, run("x", "account", "create", "--server", api, "--email", "bo@example.com",
                "--password", "password1").code());
        assertOneLineError(run("x", "login", "--server", api, "--email", "bo@example.com", "--password", "nope1234"),
                1, "wrong email or password");
        assertOneLineError(run("x", "account", "create", "--server", api, "--email", "bo@example.com",
                "--password", "password1"), 1, "exists already");
        assertOneLineError(run("x", "socket", "delete", "not-a-socket"), 1, "not found");
        assertOneLineError(run("x", "tunnel", "connect", "--socket", "s", "--tunnel", "t", "--port", "70000"), 2,
                "--port must be between 1 and 65535");
        assertOneLineError(run("x", "socket", "show", "a", "--socket_id", "b"), 2, "two different sockets");
        assertOneLineError(run("x", "tunnel", "connect", "--socket", "s", "--tunnel", "t", "--port", "8000",
                "--inspect-port", "70000"), 2, "--inspect-port is a port from 0 to 65535, not 70000");
        assertOneLineError(run("x", "connect", "--port", "8000", "--inspect-port", "4040", "--no-inspect"), 2,
                "give --inspect-port or --no-inspect, not both");
    }

    @Test
    void socketCreateTakesASubdomainAndSaysPlainlyWhyNot() throws Exception {
        run("n", "account", "create", "--server", api, "--email", "nat@example.com", "--password", "password1");
        run("o", "account", "create", "--server", api, "--email", "oli@example.com", "--password", "password1");
        Result made = run("n", "socket", "create", "--subdomain", "MyApp");
        assertEquals(0, made.code(), made.err());
        assertTrue(made.out().contains("dns_name    myapp.localhost"), made.out());
        assertTrue(made.out().contains("url         http://myapp.localhost:" + server.config().httpPort() + "/"),
                made.out());
        JsonNode tcp = run("n", "socket", "create", "--subdomain", "ssh", "--type", "tcp", "--json").json();
        assertEquals("ssh.localhost:" + tcp.get("tcp_port").asInt(), tcp.get("address").asText());

        assertOneLineError(run("o", "socket", "create", "--subdomain", "myapp"), 1,
                "myapp.localhost is taken; pick another subdomain");
        assertOneLineError(run("o", "socket", "create", "--subdomain", "admin"), 1,
                "admin.localhost is reserved on this server");
        assertOneLineError(run("o", "socket", "create", "--subdomain", "my_app"), 1,
                "the subdomain may not hold \"_\"");
        assertOneLineError(run("o", "socket", "create", "--subdomain", "-x"), 1, "hyphen");
        // connect: someone else's name is the same refusal, before anything is made.
        assertOneLineError(run("o", "connect", "--port", "8000", "--subdomain", "myapp"), 1,
                "myapp.localhost is taken; pick another subdomain");
        // Your own socket of another type: say which --type would use it.
        assertOneLineError(run("n", "connect", "--port", "22", "--subdomain", "myapp", "--type", "tcp"), 1,
                "your socket myapp.localhost is of type http, not tcp: connect with --type http");
        assertTrue(run("o", "socket", "ls").out().contains("No sockets yet"));
        assertEquals(0, run("n", "tunnel", "ls", "--socket", made.out().lines().filter(l -> l.startsWith("socket_id"))
                .findFirst().orElseThrow().split("\\s+")[1], "--json").json().size(), "no tunnel left behind");
    }

    @Test
    void aTcpSocketShowsItsPortAndAddress() throws Exception {
        run("t", "account", "create", "--server", api, "--email", "tcp@example.com", "--password", "password1");
        JsonNode socket = run("t", "socket", "create", "--name", "ssh at home", "--type", "tcp", "--json").json();
        int port = socket.get("tcp_port").asInt();
        String dns = socket.get("dns_name").asText();
        assertTrue(port >= 20000 && port <= 20999, "port from --tcp-ports: " + port);
        assertEquals(dns + ":" + port, socket.get("address").asText());
        assertEquals("tcp://" + dns + ":" + port, socket.get("url").asText());

        Result show = run("t", "socket", "show", socket.get("socket_id").asText());
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("tcp_port    " + port), show.out());
        assertTrue(show.out().contains("address     " + dns + ":" + port), show.out());
        assertTrue(show.out().contains("allow_ips   any address"), show.out());
        assertTrue(run("t", "socket", "ls").out().lines().anyMatch(l -> l.contains(" " + dns + ":" + port + " ")));

        Result web = run("t", "socket", "create", "--type", "https");
        assertEquals(0, web.code(), web.err());
        assertFalse(web.out().contains("tcp_port"), web.out());
        assertTrue(web.out().contains("url         https://"), web.out());
    }

    @Test
    void aUdpSocketShowsItsUdpPortAndAddress() throws Exception {
        run("u", "account", "create", "--server", api, "--email", "udp@example.com", "--password", "password1");
        Result made = run("u", "socket", "create", "--name", "dns at home", "--type", "udp");
        assertEquals(0, made.code(), made.err());
        String id = made.out().lines().filter(l -> l.startsWith("socket_id")).findFirst().orElseThrow()
                .split("\\s+")[1];
        JsonNode socket = run("u", "socket", "show", id, "--json").json();
        int port = socket.get("udp_port").asInt();
        String dns = socket.get("dns_name").asText();
        assertTrue(port >= 20000 && port <= 20999, "port from --udp-ports: " + port);
        assertTrue(made.out().contains("type        udp"), made.out());
        assertTrue(made.out().contains("udp_port    " + port), made.out());
        assertTrue(made.out().contains("address     " + dns + ":" + port), made.out());
        assertFalse(made.out().contains("tcp_port"), made.out());
        assertTrue(run("u", "socket", "ls").out().lines().anyMatch(l -> l.contains(" " + dns + ":" + port + " ")));
    }

    /** connect takes udp (the process tests take it online): its help says so; its mistakes stay one line. */
    @Test
    void connectTakesUdp() {
        Result help = run("h", "connect", "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().replaceAll("\\s+", " ").contains("Socket type: http, https, tcp, tls or udp"),
                help.out());
        assertOneLineError(run("h", "connect", "--port", "53", "--type", "udq"), 2,
                "--type must be one of http, https, tcp, tls, udp, not \"udq\"");
        assertOneLineError(run("h", "connect", "--port", "53", "--type", "udp"), 1, "no server given");
    }

    @Test
    void updateChangesTheAllowListAndProtection() throws Exception {
        run("p", "account", "create", "--server", api, "--email", "upd@example.com", "--password", "password1");
        String id = run("p", "socket", "create", "--allow-ip", "192.0.2.7", "--json").json().get("socket_id")
                .asText();
        JsonNode allowed = run("p", "socket", "update", id, "--allow-ip", "127.0.0.1", "--allow-ip",
                "2001:db8::/32", "--json").json();
        assertEquals("[\"127.0.0.1/32\",\"2001:db8::/32\"]", allowed.get("allow_ips").toString());
        Result any = run("p", "socket", "update", id, "--allow-any-ip");
        assertEquals(0, any.code(), any.err());
        assertTrue(any.out().contains("allow_ips   any address"), any.out());

        Result prot = run("p", "socket", "update", "--socket_id", id, "--protected", "--username", "ann",
                "--password", "s3cret");
        assertEquals(0, prot.code(), prot.err());
        assertTrue(prot.out().contains("visitors    a password (user ann)"), prot.out());
        assertFalse(run("p", "socket", "show", id, "--json").out().contains("s3cret"), "password is write-only");
        JsonNode open = run("p", "socket", "update", id, "--unprotected", "--name", "open again", "--json").json();
        assertFalse(open.get("protected").asBoolean());
        assertEquals("open again", open.get("name").asText());
    }

    @Test
    void accessMistakesAreOneLine() throws Exception {
        run("e", "account", "create", "--server", api, "--email", "acc@example.com", "--password", "password1");
        String id = run("e", "socket", "create", "--json").json().get("socket_id").asText();
        assertOneLineError(run("e", "socket", "create", "--protected", "--password", "pw"), 2,
                "--protected needs --username U and --password P");
        assertOneLineError(run("e", "socket", "create", "--username", "ann", "--password", "pw"), 2,
                "--username and --password go with --protected");
        assertOneLineError(run("e", "socket", "create", "--allow-ip", "300.1.2.3/8"), 1, "300.1.2.3");
        assertOneLineError(run("e", "socket", "create", "--type", "tcp", "--protected", "--username", "ann",
                "--password", "pw"), 1, "IP allow list");
        assertOneLineError(run("e", "socket", "create", "--type", "ftp"), 2,
                "--type must be one of http, https, tcp, tls, udp, not \"ftp\"");
        assertOneLineError(run("e", "socket", "update", id, "--protected", "--unprotected"), 2,
                "--protected and --unprotected exclude each other");
        assertOneLineError(run("e", "socket", "update", id, "--allow-ip", "10.0.0.0/8", "--allow-any-ip"), 2,
                "--allow-ip and --allow-any-ip exclude each other");
        assertOneLineError(run("e", "socket", "update", id), 2, "nothing to change");
        assertOneLineError(run("e", "socket", "update", id, "--protected"), 1, "username and a password");
        assertEquals(1, run("e", "socket", "ls", "--json").json().size(), "no failed create left a socket behind");
    }

    @Test
    void aFullPortRangeIsOneLine() throws Exception {
        int free = TestServers.freeRange(1);
        server.close();
        server = servers.start(TestServers.config(dir.resolve("small"), free + "-" + free));
        api = "http://127.0.0.1:" + server.config().apiPort();
        run("f", "account", "create", "--server", api, "--email", "full@example.com", "--password", "password1");
        assertEquals(free, run("f", "socket", "create", "--type", "tls", "--json").json().get("tcp_port").asInt());
        assertOneLineError(run("f", "socket", "create", "--type", "tcp"), 1, "every port of this server's range");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : new String[][]{{"--help"}, {"socket", "--help"}, {"socket", "show", "--help"},
                {"tunnel", "connect", "-h"}, {"connect", "--help"}, {"help", "tunnel"}}) {
            Result r = run("h", args);
            assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: portway"), r.out());
        }
    }

    @Test
    void showTakesTheMysocketctlFlagsToo() throws Exception {
        run("m", "account", "create", "--server", api, "--email", "ms@example.com", "--password", "password1");
        String socketId = run("m", "socket", "create", "--name", "x", "--json").json().get("socket_id").asText();
        String tunnelId = run("m", "tunnel", "create", "--socket_id", socketId, "--json").json().get("tunnel_id")
                .asText();
        assertEquals(socketId, run("m", "socket", "show", "--socket_id", socketId, "--json").json()
                .get("socket_id").asText());
        assertEquals(tunnelId, run("m", "tunnel", "show", "--socket_id", socketId, "--tunnel_id", tunnelId, "--json")
                .json().get("tunnel_id").asText());
    }

    @Test
    void anotherUsersSocketIsNotFound() throws Exception {
        run("a", "account", "create", "--server", api, "--email", "a@example.com", "--password", "password1");
        run("b", "account", "create", "--server", api, "--email", "b@example.com", "--password", "password1");
        String socketId = run("a", "socket", "create", "--name", "a's", "--json").json().get("socket_id").asText();
        assertOneLineError(run("b", "socket", "show", socketId), 1, "not found");
        assertOneLineError(run("b", "tunnel", "create", "--socket", socketId), 1, "not found");
        assertEquals(0, run("a", "socket", "show", socketId).code());
    }

    @Test
    void environmentVariablesNameTheServerAndToken() throws Exception {
        run("a", "account", "create", "--server", api, "--email", "env@example.com", "--password", "password1");
        String token = Json.mapper().readTree(dir.resolve("a/portway/config.json").toFile()).get("token").asText();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("PORTWAY_SERVER", api, "PORTWAY_TOKEN", token,
                "XDG_CONFIG_HOME", dir.resolve("empty").toString());
        int code = Main.run(new String[]{"account", "show"}, new Cli(env, new PrintStream(out, true),
                System.err, SettingsStore.standard(env)));
        assertEquals(0, code);
        assertTrue(out.toString().contains("env@example.com"));
    }

    @Test
    void anHttpsServerIsTrustedOnFirstContactAndAChangedCertificateIsRefused() throws Exception {
        server.close();
        server = servers.start(TestServers.config(dir.resolve("tls-server")).withApiTls(true));
        String https = server.config().apiUrl();
        String first = server.fingerprint();

        Result plain = run("t", "account", "create", "--server", https.replace("https:", "http:"), "--email",
                "tls@example.com", "--password", "password1");
        assertOneLineError(plain, 1, "takes HTTPS only: use https://127.0.0.1:" + server.config().apiPort());

        Result created = run("t", "account", "create", "--server", https, "--email", "tls@example.com",
                "--password", "password1");
        assertEquals(0, created.code(), created.err());
        assertEquals("portway: first contact with " + https + ": its certificate is sha256 " + first
                + ". Trusted from now on (kept in " + dir.resolve("t/portway/known_servers")
                + "); check it against the fingerprint the server printed at start.", created.err().strip());
        Result again = run("t", "socket", "ls");
        assertEquals(0, again.code(), again.err());
        assertEquals("", again.err(), "asked once only");

        server = servers.restartWithNewCertificate();
        String second = server.fingerprint();
        Result changed = run("t", "socket", "ls");
        assertOneLineError(changed, 1, "portway: REFUSED: the certificate of " + https + " has CHANGED: it shows "
                + "sha256 " + second + ", but sha256 " + first + " is trusted for it");

        assertOneLineError(run("t", "socket", "ls", "--fingerprint", "12:34"), 1, "is not a SHA-256 fingerprint");
        Result confirmed = run("t", "socket", "ls", "--fingerprint", second);
        assertEquals(0, confirmed.code(), confirmed.err());
        assertEquals(0, run("t", "socket", "ls").code(), "the confirmed fingerprint is kept");
    }

    @Test
    void theRoughEdgesANewUserHit() throws Exception {
        Result help = run("r", "help", "tunnel", "connect");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().startsWith("Usage: portway tunnel connect"), help.out());
        assertOneLineError(run("r", "help", "tunnel", "nope"), 2, "no command \"tunnel nope\"");

        Result signedOut = run("r", "logout");
        assertEquals(0, signedOut.code(), signedOut.err());
        assertEquals("Not signed in.", signedOut.out().strip());

        Result noServer = run("r", "socket", "ls", "--json");
        assertEquals(1, noServer.code());
        JsonNode err = Json.mapper().readTree(noServer.err());
        assertEquals("failed", err.at("/error/code").asText());
        assertTrue(err.at("/error/message").asText().startsWith("no server given"), noServer.err());

        String bare = api.replace("http://", "");
        assertEquals(0, run("r", "account", "create", "--server", bare, "--email", "edge@example.com", "--password",
                "password1").code(), "a server typed without a scheme is taken as http://");
        JsonNode me = run("r", "account", "show", "--json").json();
        assertEquals(api, me.get("server").asText());
        assertEquals("edge@example.com", me.get("email").asText());

        String socketId = run("r", "socket", "create", "--json").json().get("socket_id").asText();
        String tunnelId = run("r", "tunnel", "create", "--socket", socketId, "--json").json().get("tunnel_id")
                .asText();
        JsonNode shown = run("r", "tunnel", "show", tunnelId, "--json").json();
        assertEquals(socketId, shown.get("socket_id").asText(), "the socket is found by itself");
        assertOneLineError(run("r", "tunnel", "show", "no-such-tunnel"), 1, "no tunnel no-such-tunnel");
    }

    @Test
    void tunnelShowAndLsSayWhereTheAgentRelays() throws Exception {
        assertEquals(0, run("l", "account", "create", "--server", api, "--email", "lou@example.com", "--password",
                "password1").code());
        String socketId = run("l", "socket", "create", "--json").json().get("socket_id").asText();
        String tunnelId = run("l", "tunnel", "create", "--socket", socketId, "--json").json().get("tunnel_id")
                .asText();
        assertTrue(run("l", "tunnel", "show", tunnelId).out().lines().anyMatch(l -> l.matches("local +-")),
                "offline: no local target");
        ApiClient anonymous = new ApiClient(api, null);
        ApiClient lou = anonymous.withToken(anonymous.login("lou@example.com", "password1").token());
        try (ServerSocket origin = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             TunnelAgent agent = TunnelLauncher.launch(lou, socketId, tunnelId,
                     new LocalTarget("127.0.0.1", origin.getLocalPort()), new AgentListener() { })) {
            String target = "127.0.0.1:" + origin.getLocalPort();
            await().atMost(Duration.ofSeconds(20)).until(() -> run("l", "tunnel", "show", tunnelId).out()
                    .contains("online"));
            String shown = run("l", "tunnel", "show", tunnelId).out();
            assertTrue(shown.lines().anyMatch(l -> l.matches("local +" + java.util.regex.Pattern.quote(target))),
                    shown);
            String listed = run("l", "tunnel", "ls", "--socket", socketId).out();
            assertTrue(listed.lines().findFirst().orElseThrow().matches("TUNNEL_ID +STATUS +AGENT +LOCAL +SINCE.*"),
                    listed);
            assertTrue(listed.lines().anyMatch(l -> l.startsWith(tunnelId) && l.contains("  " + target + "  ")),
                    listed);
        }
    }
}
