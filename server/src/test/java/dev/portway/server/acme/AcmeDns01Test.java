// The wildcard by DNS-01 from a real CA (Pebble): with --acme-dns-hook, a shell script that publishes the TXT record
// through pebble-challtestsrv's /set-txt (the DNS server Pebble asks) gets one certificate for DOMAIN and *.DOMAIN;
// a new socket is then served with it at once, verified against Pebble's root, with no order of its own. A failing
// hook leaves the script's own words as the certificate's last error.
package dev.portway.server.acme;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.config.AcmeSettings;
import dev.portway.server.ApiCalls;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.domains.DnsTxtLookup;
import dev.portway.server.store.CertificateRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcmeDns01Test extends AcmeServerTest {
    static final String WILDCARD = "*." + DOMAIN;
    static final String TXT = "_acme-challenge." + DOMAIN + ".";
    /** The hook's body for challtestsrv's management API (given as --api URL before the action). */
    static final String CHALLTESTSRV_HOOK = """
            api=$2; shift 2
            case "$1" in
              present) curl -sS -f -X POST -d "{\\"host\\":\\"$2\\",\\"value\\":\\"$3\\"}" "$api/set-txt" ;;
              cleanup) curl -sS -f -X POST -d "{\\"host\\":\\"$2\\"}" "$api/clear-txt" ;;
            esac
            """;
    /** A hook as an operator would write one for their DNS provider's API: here, challtestsrv's. */
    private Path hook(String body) throws Exception {
        Path script = data.resolve("dns-hook.sh");
        Files.writeString(script, "#!/bin/sh\n# CMD present|cleanup FQDN VALUE\nset -eu\n"
                + "echo \"$*\" >> '" + data.resolve("hook.log") + "'\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private ServerConfig config(Path hook) throws Exception {
        ServerConfig config = ca.config(data, DOMAIN);
        AcmeSettings acme = config.acme();
        return config.withAcme(new AcmeSettings(acme.directory(), acme.email(), acme.caRoot(),
                "'" + hook + "' --api " + ca.dns().managementUrl()));
    }

    @Test
    void oneWildcardCertificateServesEveryNewSocketAtOnce() throws Exception {
        Path hook = hook(CHALLTESTSRV_HOOK);
        server = servers.start(config(hook));
        int https = server.config().httpsPort();
        // The HTTPS edge answers socket names only; the book is what it serves them from.
        await("the wildcard certificate").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> server.certificates().describe("any." + DOMAIN).orElseThrow().issuer()
                        .contains("Pebble"));

        CertificateRecord stored = server.store().findCertificate(WILDCARD).orElseThrow();
        assertTrue(stored.issued());
        assertEquals(null, stored.lastError());
        java.time.Instant renewal = java.time.Instant.parse(stored.nextAttemptAt());
        assertEquals(renewal.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), renewal,
                "to the second, as the log, the list and the admin page show it");
        assertEquals(List.of(WILDCARD), server.store().allCertificates().stream().map(CertificateRecord::name)
                .toList(), "the domain has no certificate of its own");
        List<String> calls = Files.readAllLines(data.resolve("hook.log"));
        assertEquals(4, calls.size(), calls.toString());
        for (String action : List.of("present", "cleanup")) {
            assertEquals(2, calls.stream().filter(c -> c.matches("--api \\S+ " + action + " "
                    + TXT.replace(".", "\\.") + " [A-Za-z0-9_-]{43}")).count(), "DOMAIN's and *.DOMAIN's: " + calls);
        }
        assertEquals(List.of(), new DnsTxtLookup(ca.dns().dnsAddress()).txt("_acme-challenge." + DOMAIN), "cleaned up");
        assertEquals(1, server.acme().ordersPlaced());

        String token = ApiCalls.signupAndLogin(http, server, "ann@example.com");
        String name = ApiCalls.call(http, server, "POST", "sockets", token, "{\"socket_type\":\"http\"}")
                .json().get("dns_name").asText();
        X509Certificate leaf = client.handshake(https, name);
        assertTrue(leaf.getIssuerX500Principal().getName().contains("Pebble"), leaf.getIssuerX500Principal()
                .getName());
        assertEquals(List.of(WILDCARD, DOMAIN), leaf.getSubjectAlternativeNames().stream()
                .map(n -> String.valueOf(n.get(1))).sorted().toList(), "one certificate for both");
        String other = ApiCalls.call(http, server, "POST", "sockets", token, "{\"socket_type\":\"https\"}")
                .json().get("dns_name").asText();
        assertEquals(leaf.getSerialNumber(), client.handshake(https, other).getSerialNumber(), "the same, at once");
        assertEquals(1, server.acme().ordersPlaced(), "no order per socket");
        assertEquals(List.of(WILDCARD), server.store().allCertificates().stream().map(CertificateRecord::name)
                .toList());
        assertEquals(4, Files.readAllLines(data.resolve("hook.log")).size(), "no hook run per socket");
    }

    /**
     * A server that ran without the hook left a row per name. With the hook, the wildcard covers them: a due one is
     * dropped rather than ordered (the CA's weekly limit), and a deleted socket takes its own row with it.
     */
    @Test
    void namesTheWildcardCoversNowAreNotOrderedAgain() throws Exception {
        server = servers.start(config(hook(CHALLTESTSRV_HOOK)));
        String token = ApiCalls.signupAndLogin(http, server, "ann@example.com");
        String socketId = ApiCalls.call(http, server, "POST", "sockets", token, "{\"subdomain\":\"shop\"}")
                .json().get("socket_id").asText();
        String later = java.time.Instant.now().plus(Duration.ofDays(30)).toString();
        server.store().saveCertificate(new CertificateRecord("shop." + DOMAIN, null, null, null, null, null, null,
                later, false, later));
        server.store().saveCertificate(CertificateRecord.wanted("old." + DOMAIN, java.time.Instant.now().toString()));
        await("the due row dropped").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> server.store().findCertificate("old." + DOMAIN).isEmpty()
                        && server.store().findCertificate(WILDCARD).map(CertificateRecord::issued).orElse(false));
        assertEquals(1, server.acme().ordersPlaced(), "the wildcard only");

        ApiCalls.call(http, server, "DELETE", "sockets/" + socketId, token, null);
        await("the deleted socket's own row gone").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> server.store().findCertificate("shop." + DOMAIN).isEmpty());
        assertEquals(List.of(WILDCARD), server.store().allCertificates().stream().map(CertificateRecord::name)
                .toList());
        assertEquals(1, server.acme().ordersPlaced());
    }

    @Test
    void aFailingHookIsTheCertificatesLastErrorInItsOwnWords() throws Exception {
        Path hook = hook("""
                echo "calling the DNS API for $4"
                echo "zone portway.test: API token rejected (403)" >&2
                exit 1
                """);
        server = servers.start(config(hook));
        await("the failure recorded").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> server.store().findCertificate(WILDCARD).map(CertificateRecord::lastError)
                        .isPresent());
        CertificateRecord failed = server.store().findCertificate(WILDCARD).orElseThrow();
        assertEquals(DOMAIN + ": DNS hook present " + TXT + " exited with 1: zone portway.test: API token "
                + "rejected (403)", failed.lastError());
        assertTrue(failed.nextAttemptAt() != null, "tried again later");
        assertEquals(CertificateState.FAILED, CertificateState.of(failed, java.time.Instant.now()));
    }
}
