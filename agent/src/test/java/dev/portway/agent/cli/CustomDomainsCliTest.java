// Custom domains from the command line against a real server whose resolver is a real DNS server (challtestsrv): add
// one and see the TXT record to publish, publish it and see the domain verified, add it again and nothing changes,
// remove it; and each mistake as one line on stderr.
package dev.portway.agent.cli;

import static dev.portway.agent.cli.CliTest.assertOneLineError;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.agent.cli.CliTest.Result;
import dev.portway.protocol.Json;
import dev.portway.server.ServerTestCase;
import dev.portway.server.TestServers;
import dev.portway.server.acme.ChallTestSrv;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("process")
class CustomDomainsCliTest extends ServerTestCase {
    ChallTestSrv dns;
    String socketId;

    @BeforeEach
    void start() throws Exception {
        dns = ChallTestSrv.start(dir.resolve("challtestsrv.log"));
        server = servers.start(TestServers.configWithFreePorts(dir.resolve("server"), 2)
                .withNames(dns.names()));
        assertEquals(0, run("account", "create", "--server", "http://127.0.0.1:" + server.config().apiPort(),
                "--email", "dom@example.com", "--password", "password1").code());
        socketId = run("socket", "create", "--name", "shop", "--json").json().get("socket_id").asText();
    }

    @AfterEach
    void stop() throws Exception {
        dns.close();
    }

    Result run(String... args) {
        return CliTest.runIn(dir.resolve("home"), args);
    }

    @Test
    void addPublishTheRecordSeeItVerifiedThenRemove() throws Exception {
        Result added = run("socket", "update", socketId, "--custom-domain", "App.Example.org");
        assertEquals(0, added.code(), added.err());
        JsonNode domain = run("socket", "show", socketId, "--json").json().get("custom_domains").get(0);
        assertEquals("app.example.org", domain.get("name").asText());
        assertEquals("pending", domain.get("status").asText());
        String txtName = domain.get("txt_name").asText();
        String txtValue = domain.get("txt_value").asText();
        assertEquals("_portway.app.example.org", txtName);
        assertTrue(added.out().lines().anyMatch(l -> l.startsWith("app.example.org  pending: add this TXT record")),
                added.out());
        assertTrue(added.out().lines().anyMatch(l -> l.equals("  _portway.app.example.org  TXT  \"" + txtValue
                + "\"")), "the record, to copy as is:\n" + added.out());

        Result again = run("socket", "update", socketId, "--custom-domain", "app.example.org.", "--json");
        assertEquals(0, again.code(), again.err());
        assertEquals(1, again.json().get("custom_domains").size(), "a name it has is kept, not added twice");
        assertEquals(txtValue, again.json().get("custom_domains").get(0).get("txt_value").asText(),
                "and keeps its record");

        dns.setTxt(txtName, txtValue);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                run("socket", "show", socketId).out().lines().anyMatch(l -> l.equals("app.example.org  verified")));
        Result shown = run("socket", "show", socketId);
        assertFalse(shown.out().contains(" TXT "), "a verified domain needs no record:\n" + shown.out());
        assertTrue(shown.out().lines().anyMatch(l -> l.startsWith("certificate  ")), shown.out());
        assertEquals(0, run("socket", "update", socketId, "--verify").code(), "nothing left to check is fine");

        Result removed = run("socket", "update", socketId, "--remove-custom-domain", "APP.example.org");
        assertEquals(0, removed.code(), removed.err());
        assertTrue(removed.out().contains("custom_domains: none (add one with 'portway socket update " + socketId
                + " --custom-domain NAME')"), removed.out());
        assertEquals(0, run("socket", "show", socketId, "--json").json().get("custom_domains").size());
    }

    @Test
    void verifyLooksAgainAtOnce() throws Exception {
        assertEquals(0, run("socket", "update", socketId, "--custom-domain", "a.example.org", "--custom-domain",
                "b.example.org").code());
        JsonNode domains = run("socket", "show", socketId, "--json").json().get("custom_domains");
        assertEquals("a.example.org", domains.get(0).get("name").asText());
        assertEquals("b.example.org", domains.get(1).get("name").asText());
        dns.setTxt(domains.get(1).get("txt_name").asText(), domains.get(1).get("txt_value").asText());
        Result verify = run("socket", "update", socketId, "--verify");
        assertEquals(0, verify.code(), verify.err());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                run("socket", "show", socketId).out().lines().anyMatch(l -> l.equals("b.example.org  verified")));
        assertTrue(run("socket", "show", socketId).out().lines()
                .anyMatch(l -> l.startsWith("a.example.org  pending")), "its record is still missing");
    }

    @Test
    void mistakesAreOneLine() throws Exception {
        assertOneLineError(run("socket", "update", socketId, "--remove-custom-domain", "x.example.org"), 1,
                "\"x.example.org\" is not one of this socket's custom domains (it has none)");
        assertOneLineError(run("socket", "update", socketId, "--custom-domain", "bad_name.example.org"), 1,
                "is not a valid DNS name");
        assertOneLineError(run("socket", "update", socketId, "--custom-domain", "a.example.org",
                "--remove-custom-domain", "A.example.org"), 2,
                "--custom-domain and --remove-custom-domain both name a.example.org");
        assertOneLineError(run("socket", "update", socketId, "--custom-domain"), 2, "--custom-domain");
        assertOneLineError(run("socket", "update", socketId), 2, "--custom-domain, --remove-custom-domain or --verify");

        Result mine = run("socket", "update", socketId, "--custom-domain", "mine.example.org", "--json");
        assertEquals(0, mine.code());
        String other = run("socket", "create", "--json").json().get("socket_id").asText();
        // An unproven claim blocks nobody; once the first socket proves the name, it is that socket's alone.
        assertEquals(0, run("socket", "update", other, "--custom-domain", "mine.example.org").code());
        assertEquals(0, run("socket", "update", other, "--remove-custom-domain", "mine.example.org").code());
        var claim = mine.json().get("custom_domains").get(0);
        dns.setTxt(claim.get("txt_name").asText(), claim.get("txt_value").asText());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                run("socket", "show", socketId).out().lines().anyMatch(l -> l.equals("mine.example.org  verified")));
        assertOneLineError(run("socket", "update", other, "--custom-domain", "mine.example.org"), 1,
                "a domain belongs to the first socket that proves it");
        Result json = run("socket", "update", other, "--custom-domain", "mine.example.org", "--json");
        assertEquals(1, json.code());
        assertEquals("name_taken", Json.mapper().readTree(json.err()).get("error").get("code").asText());

        String tcp = run("socket", "create", "--type", "tcp", "--json").json().get("socket_id").asText();
        assertOneLineError(run("socket", "update", tcp, "--custom-domain", "ssh.example.org"), 1,
                "takes no custom domain");
        assertFalse(run("socket", "show", tcp).out().contains("custom_domains"), "a tcp socket has none to show");
    }
}
