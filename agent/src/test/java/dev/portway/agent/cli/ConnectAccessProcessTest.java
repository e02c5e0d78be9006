// Quick connect with the socket flags, as a real process: the socket it makes asks for the password, keeps out other
// addresses, signs visitors in by e-mail, has the name and type asked for; your own socket it reuses takes the flags.
package dev.portway.agent.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.portway.agent.engine.ApiClient;
import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.server.CliProcess;
import dev.portway.server.ServerTestCase;
import dev.portway.server.TestServers;
import dev.portway.server.oidc.TestIdentityProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("process")
class ConnectAccessProcessTest extends ServerTestCase {
    TestIdentityProvider provider;
    HttpServer origin;
    ApiClient api;
    String token;
    CliProcess cli;

    @BeforeEach
    void start() throws Exception {
        provider = TestIdentityProvider.start();
        server = servers.start(ProcessTestServers.config(dir).withOidc(provider.settings()));
        origin = TestServers.origin(ex -> "origin saw " + ex.getRequestURI());
        ApiClient anonymous = new ApiClient("http://127.0.0.1:" + server.config().apiPort(), null);
        anonymous.signup("quick@example.com", "password1");
        token = anonymous.login("quick@example.com", "password1").token();
        api = anonymous.withToken(token);
    }

    @AfterEach
    void stop() {
        if (cli != null) {
            cli.close();
        }
        origin.stop(0);
        provider.close();
    }

    /** "portway connect --port ORIGIN --host 127.0.0.1 FLAGS…"; returns the URL it prints once online. */
    private String connect(String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("connect", "--port",
                Integer.toString(origin.getAddress().getPort()), "--host", "127.0.0.1"));
        args.addAll(List.of(flags));
        cli = ProcessTestServers.agent(api.server(), token, dir.resolve("cfg"), args.toArray(String[]::new));
        return cli.onlineUrl();
    }

    /** SIGTERM, and the run ends by itself. */
    private void stopRun() throws Exception {
        cli.process.destroy();
        assertTrue(cli.process.waitFor(30, TimeUnit.SECONDS), cli.output());
        assertFalse(cli.output().contains("Exception"), cli.output());
    }

    /** curl's status code and body for a URL under .localhost (curl resolves those names to loopback itself). */
    private static String curl(String url, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-k", "--max-time", "20", "-w", " %{http_code}"));
        cmd.addAll(List.of(options));
        cmd.add(url);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    private static String status(String curlOutput) {
        return curlOutput.substring(curlOutput.lastIndexOf(' ') + 1);
    }

    private SocketInfo theSocket() {
        List<SocketInfo> sockets = api.sockets();
        assertEquals(1, sockets.size());
        return sockets.get(0);
    }

    @Test
    void aPasswordIsAskedOfEveryVisitor() throws Exception {
        String url = connect("--protected", "--username", "ann", "--password", "s3cret");
        SocketInfo socket = theSocket();
        assertTrue(socket.isProtected());
        assertEquals("ann", socket.username());
        assertEquals("401", status(curl(url + "hello")));
        assertEquals("401", status(curl(url + "hello", "-u", "ann:wrong")));
        assertEquals("origin saw /hello 200", curl(url + "hello", "-u", "ann:s3cret"));
        stopRun();
        assertTrue(api.sockets().isEmpty(), "made for the run, deleted on exit");
    }

    @Test
    void anAllowListKeepsOtherAddressesOut() throws Exception {
        String url = connect("--allow-ip", "127.0.0.2");
        assertEquals(List.of("127.0.0.2/32"), theSocket().allowIps());
        assertEquals("403", status(curl(url, "--interface", "127.0.0.1")));
        assertEquals("origin saw / 200", curl(url, "--interface", "127.0.0.2"));
        stopRun();
    }

    @Test
    void theEmailFlagsSayWhoSignsIn() throws Exception {
        connect("--allow-email", "ann@example.com", "--allowed_email_addresses", "bob@example.org,cy@example.org",
                "--allow-email-domain", "example.com", "--allowed_email_domains", "example.net");
        SocketInfo socket = theSocket();
        assertEquals(List.of("ann@example.com", "bob@example.org", "cy@example.org"), socket.allowedEmails());
        assertEquals(List.of("example.com", "example.net"), socket.allowedEmailDomains());
        assertFalse(socket.isProtected());
        stopRun();
        assertTrue(api.sockets().isEmpty());
    }

    @Test
    void theSubdomainAndTypeAreTheSockets() throws Exception {
        String url = connect("--subdomain", "Shop", "--type", "https");
        int https = server.config().httpsPort();
        assertEquals("https://shop.localhost:" + https + "/", url);
        SocketInfo socket = theSocket();
        assertEquals("https", socket.socketType());
        assertEquals("shop.localhost", socket.dnsName());
        String plain = "http://shop.localhost:" + server.config().httpPort() + "/a";
        assertEquals("308", status(curl(plain)), "plain HTTP is redirected to HTTPS");
        assertEquals("origin saw /a 200", curl(url + "a"));
        stopRun();
    }

    @Test
    void yourOwnSocketTakesTheAccessFlagsAndKeepsThem() throws Exception {
        SocketInfo home = api.createSocket(new CreateSocket("home", "http", null, null, null, null, "home"));
        String url = connect("--subdomain", "home", "--protected", "--username", "ann", "--password", "s3cret",
                "--allow-ip", "127.0.0.1");
        assertEquals(home.url(), url);
        await().atMost(Duration.ofSeconds(10)).until(() -> cli.lines.contains("your socket home.localhost now lets "
                + "in a password (user ann), from 127.0.0.1/32; it keeps this access after the run"));
        assertEquals("401", status(curl(url)));
        assertEquals("origin saw / 200", curl(url, "-u", "ann:s3cret"));
        stopRun();
        SocketInfo kept = api.socket(home.socketId());
        assertTrue(kept.isProtected(), "the access given stays");
        assertEquals(List.of("127.0.0.1/32"), kept.allowIps());
        assertTrue(api.tunnels(home.socketId()).isEmpty(), "only the run's tunnel is deleted");
    }

    /** The sign-in method typed replaces the socket's: no "one method at a time" refusal for a quick connect. */
    @Test
    void emailFlagsSwitchYourPasswordSocketToEmailSignIn() throws Exception {
        SocketInfo home = api.createSocket(new CreateSocket("home", "http", true, "ann", "s3cret", List.of("127.0.0.1"),
                "home"));
        connect("--subdomain", "home", "--allow-email-domain", "example.com");
        await().atMost(Duration.ofSeconds(10)).until(() -> cli.lines.contains("your socket home.localhost now lets "
                + "in e-mail domains: example.com, from 127.0.0.1/32; it keeps this access after the run"));
        SocketInfo now = api.socket(home.socketId());
        assertFalse(now.isProtected());
        assertEquals(List.of("example.com"), now.allowedEmailDomains());
        assertEquals(List.of("127.0.0.1/32"), now.allowIps(), "not named: kept");
        stopRun();
    }
}
