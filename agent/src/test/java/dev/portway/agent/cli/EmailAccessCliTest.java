// Sign-in by e-mail from the command line against a real server with a real identity provider: the flags of socket
// create and update end up in the socket as the API shows it, socket ls and show say who can visit, and mistakes are
// one line.
package dev.portway.agent.cli;

import static dev.portway.agent.cli.CliTest.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.cli.CliTest.Result;
import dev.portway.agent.engine.ApiClient;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.server.PortwayServer;
import dev.portway.server.ServerTestCase;
import dev.portway.server.TestServers;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.oidc.TestIdentityProvider;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmailAccessCliTest extends ServerTestCase {
    TestIdentityProvider provider;
    ApiClient api;

    @BeforeEach
    void start() throws Exception {
        provider = TestIdentityProvider.start();
        server = servers.start(config("server").withOidc(provider.settings()));
        api = signUp(server, "u", "eve@example.com");
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    private ServerConfig config(String data) {
        return TestServers.config(dir.resolve(data));
    }

    /** An account made by the CLI in home; the same account's API client, to check what the server stored. */
    private ApiClient signUp(PortwayServer on, String home, String email) {
        String url = "http://127.0.0.1:" + on.config().apiPort();
        Result made = run(home, "account", "create", "--server", url, "--email", email, "--password", "password1");
        assertEquals(0, made.code(), made.err());
        ApiClient anonymous = new ApiClient(url, null);
        return anonymous.withToken(anonymous.login(email, "password1").token());
    }

    private Result run(String home, String... args) {
        return CliTest.runIn(dir.resolve(home), args);
    }

    private String created(Result r) throws Exception {
        assertEquals(0, r.code(), r.err());
        return r.json().get("socket_id").asText();
    }

    @Test
    void createStoresTheAddressesAndDomainsOfEveryFlag() throws Exception {
        String id = created(run("u", "socket", "create", "--type", "https", "--allow-email", "ann@example.com",
                "--allow-email", "bob@example.org", "--allowed_email_addresses", "cy@example.net, dee@example.net",
                "--allow-email-domain", "example.com", "--allowed_email_domains", "example.org,example.net",
                "--json"));
        SocketInfo s = api.socket(id);
        assertEquals(List.of("ann@example.com", "bob@example.org", "cy@example.net", "dee@example.net"),
                s.allowedEmails());
        assertEquals(List.of("example.com", "example.org", "example.net"), s.allowedEmailDomains());

        String onlyDomain = created(run("u", "socket", "create", "--allow-email-domain", "example.com", "--json"));
        assertEquals(List.of(), api.socket(onlyDomain).allowedEmails());
        assertEquals(List.of("example.com"), api.socket(onlyDomain).allowedEmailDomains());
    }

    @Test
    void updateReplacesAListAndAllowAnyEmailClearsBoth() throws Exception {
        String id = created(run("u", "socket", "create", "--allow-email", "ann@example.com", "--allow-email-domain",
                "example.com", "--json"));
        Result replaced = run("u", "socket", "update", id, "--allowed_email_addresses",
                "bob@example.org,cy@example.org");
        assertEquals(0, replaced.code(), replaced.err());
        SocketInfo s = api.socket(id);
        assertEquals(List.of("bob@example.org", "cy@example.org"), s.allowedEmails());
        assertEquals(List.of("example.com"), s.allowedEmailDomains(), "the domains are kept");

        assertEquals(0, run("u", "socket", "update", id, "--allow-email-domain", "example.org").code());
        assertEquals(List.of("example.org"), api.socket(id).allowedEmailDomains());

        Result cleared = run("u", "socket", "update", id, "--allow-any-email");
        assertEquals(0, cleared.code(), cleared.err());
        assertTrue(cleared.out().lines().anyMatch(l -> l.equals("visitors    anyone")), cleared.out());
        s = api.socket(id);
        assertEquals(List.of(), s.allowedEmails());
        assertEquals(List.of(), s.allowedEmailDomains());

        // From a password to e-mail and back, each in one call.
        assertEquals(0, run("u", "socket", "update", id, "--protected", "--username", "ann", "--password", "pw")
                .code());
        Result toEmail = run("u", "socket", "update", id, "--unprotected", "--allow-email", "ann@example.com");
        assertEquals(0, toEmail.code(), toEmail.err());
        s = api.socket(id);
        assertEquals(List.of("ann@example.com"), s.allowedEmails());
        assertEquals(false, s.isProtected());
        Result toPassword = run("u", "socket", "update", id, "--allow-any-email", "--protected", "--username", "ann",
                "--password", "pw");
        assertEquals(0, toPassword.code(), toPassword.err());
        s = api.socket(id);
        assertEquals(List.of(), s.allowedEmails());
        assertTrue(s.isProtected());
    }

    @Test
    void showAndLsSayWhoCanVisit() throws Exception {
        String open = created(run("u", "socket", "create", "--name", "open", "--json"));
        String password = created(run("u", "socket", "create", "--name", "pw", "--protected", "--username", "ann",
                "--password", "s3cret", "--json"));
        String email = created(run("u", "socket", "create", "--name", "mail", "--allow-email", "ann@example.com",
                "--allow-email", "bob@example.org", "--allow-email-domain", "example.com", "--allow-ip",
                "10.0.0.0/8", "--json"));
        String domain = created(run("u", "socket", "create", "--name", "dom", "--allow-email-domain", "example.com",
                "--json"));

        assertTrue(run("u", "socket", "show", open).out().contains("\nvisitors    anyone\nallow_ips   any address\n"));
        assertTrue(run("u", "socket", "show", password).out().contains("\nvisitors    a password (user ann)\n"));
        String shown = run("u", "socket", "show", email).out();
        assertTrue(shown.contains("\nvisitors    e-mail: ann@example.com, bob@example.org; domains: example.com\n"
                + "allow_ips   10.0.0.0/8\n"), shown);
        assertTrue(run("u", "socket", "show", domain).out().contains("\nvisitors    e-mail domains: example.com\n"));

        var json = run("u", "socket", "show", email, "--json").json();
        assertEquals("[\"ann@example.com\",\"bob@example.org\"]", json.get("allowed_emails").toString());
        assertEquals("[\"example.com\"]", json.get("allowed_email_domains").toString());
        assertEquals(false, json.get("protected").asBoolean());

        List<String> table = run("u", "socket", "ls").out().lines().toList();
        assertTrue(table.get(0).matches("SOCKET_ID +NAME +TYPE +TUNNELS +URL +VISITORS +ALLOW_IPS"), table.get(0));
        assertTrue(table.stream().anyMatch(l -> l.startsWith(email) && l.endsWith(
                "  e-mail: ann@example.com, bob@example.org; domains: example.com  10.0.0.0/8")), String.join("\n",
                table));
        assertTrue(table.stream().anyMatch(l -> l.startsWith(password) && l.matches(".*  a password \\(user ann\\) +"
                + "any address")), String.join("\n", table));
        assertTrue(table.stream().anyMatch(l -> l.startsWith(open) && l.matches(".*  anyone +any address")),
                String.join("\n", table));
        var listed = run("u", "socket", "ls", "--json").json();
        assertEquals(4, listed.size());
        assertTrue(listed.toString().contains("\"allowed_email_domains\":[\"example.com\"]"), listed.toString());
    }

    @Test
    void mistakesTheCommandLineSeesAreUsageErrors() {
        assertOneLineError(run("u", "socket", "create", "--allow-email", "ann@example.com", "--protected",
                "--username", "ann", "--password", "pw"), 2, "--allow-email and --protected exclude each other");
        assertOneLineError(run("u", "socket", "create", "--allowed_email_domains", "example.com", "--protected",
                "--username", "ann", "--password", "pw"), 2, "--allowed_email_domains and --protected exclude");
        assertOneLineError(run("u", "socket", "update", "s", "--protected", "--allow-email-domain", "example.com"), 2,
                "--allow-email-domain and --protected exclude each other");
        assertOneLineError(run("u", "socket", "update", "s", "--allow-email", "ann@example.com",
                "--allow-any-email"), 2, "--allow-email and --allow-any-email exclude each other");
        assertOneLineError(run("u", "socket", "update", "s", "--allowed_email_addresses", "ann@example.com",
                "--allow-any-email"), 2, "--allowed_email_addresses and --allow-any-email exclude each other");
        assertOneLineError(run("u", "socket", "create", "--allowed_email_addresses", "a@example.com,,b@example.com"),
                2, "--allowed_email_addresses has an empty item");
        assertOneLineError(run("u", "socket", "create", "--allow-any-email"), 2, "Unknown option: '--allow-any-email'");
        assertOneLineError(run("u", "socket", "update", "s"), 2, "--allow-email, --allow-email-domain, "
                + "--allow-any-email");
        assertOneLineError(run("u", "connect", "--port", "8000", "--protected", "--username", "ann", "--password",
                "pw", "--allow-email", "ann@example.com"), 2, "--allow-email and --protected exclude each other");
        assertOneLineError(run("u", "connect", "--port", "8000", "--username", "ann"), 2,
                "--username and --password go with --protected");
        assertOneLineError(run("u", "connect", "--port", "8000", "--protected", "--username", "ann"), 2,
                "--protected needs --username U and --password P");
        assertTrue(api.sockets().isEmpty(), "nothing was made");
    }

    @Test
    void whatOnlyTheServerKnowsIsItsMessageOnOneLine() throws Exception {
        assertOneLineError(run("u", "socket", "create", "--allow-email", "not-an-address"), 1, "not-an-address");
        assertOneLineError(run("u", "socket", "create", "--allow-email-domain", "exa mple.com"), 1, "exa mple.com");
        assertOneLineError(run("u", "socket", "create", "--type", "tcp", "--allow-email", "ann@example.com"), 1,
                "http and https");
        String tls = created(run("u", "socket", "create", "--type", "tls", "--json"));
        assertOneLineError(run("u", "socket", "update", tls, "--allow-email-domain", "example.com"), 1,
                "http and https");
        String pw = created(run("u", "socket", "create", "--protected", "--username", "ann", "--password", "pw",
                "--json"));
        Result both = run("u", "socket", "update", pw, "--allow-email", "ann@example.com");
        assertOneLineError(both, 1, "password");
        assertTrue(api.socket(pw).allowedEmails().isEmpty(), "a refused change changes nothing");
        assertEquals(2, api.sockets().size(), "no refused create left a socket behind");

        PortwayServer plain = PortwayServer.start(config("plain"));
        try {
            ApiClient other = signUp(plain, "p", "pat@example.com");
            assertOneLineError(run("p", "socket", "create", "--allow-email", "ann@example.com"), 1,
                    "identity provider");
            assertTrue(other.sockets().isEmpty());
        } finally {
            plain.close();
        }
    }
}
