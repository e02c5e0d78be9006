// "socket show" on certificates and custom domains, from API values: the TXT record to copy while a domain is not
// verified, each certificate's issuer, names and expiry, and the last error when there is one.
package dev.portway.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.CertificateInfo;
import dev.portway.protocol.api.CustomDomainInfo;
import dev.portway.protocol.api.SocketInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class DomainLinesTest {
    private static final CertificateInfo WILDCARD = new CertificateInfo("Pebble Intermediate CA 5f1a",
            List.of("example.net", "*.example.net"), "2026-12-07T04:00:00Z", "2027-03-07T04:00:00Z", null);
    private static final CertificateInfo SHOP = new CertificateInfo("Pebble Intermediate CA 5f1a",
            List.of("shop.example.org"), "2026-12-07T04:00:00Z", "2027-03-07T04:00:00Z",
            "urn:ietf:params:acme:error:rateLimited: too many certificates");

    private static SocketInfo socket(String type, CertificateInfo certificate, List<CustomDomainInfo> domains) {
        return new SocketInfo("s_1", "shop", "quiet-river-1.example.net", type, "http://quiet-river-1.example.net",
                null, null, false, null, List.of(), "2026-12-07T04:00:00Z", List.of(), domains, certificate);
    }

    @Test
    void aPendingDomainShowsTheExactTxtRecordToAdd() {
        String out = DomainLines.of(socket("http", WILDCARD, List.of(
                new CustomDomainInfo("app.example.org", CustomDomainInfo.PENDING, "_portway.app.example.org",
                        "k3Jq-9xZ", null))));
        assertEquals("""
                certificate  Pebble Intermediate CA 5f1a, for example.net, *.example.net, valid until \
                2027-03-07T04:00:00Z

                custom_domains:
                app.example.org  pending: add this TXT record at your DNS provider; the server checks for it
                  _portway.app.example.org  TXT  "k3Jq-9xZ"
                  app.example.org  CNAME  quiet-river-1.example.net   (for visitors; at a zone's apex an A record \
                to the server's address)""", out);
    }

    @Test
    void aTlsSocketsCertificateIsItsOrigins() {
        assertTrue(DomainLines.of(socket("tls", null, List.of())).lines()
                .anyMatch(l -> l.equals("certificate  your origin's own (TLS passes through to it)")));
        assertTrue(DomainLines.of(socket("http", null, List.of())).lines().anyMatch(l -> l.equals("certificate  -")),
                "an http socket whose server said none");
    }

    @Test
    void aVerifiedDomainShowsItsCertificateAndNoRecord() {
        String out = DomainLines.of(socket("https", WILDCARD, List.of(
                new CustomDomainInfo("shop.example.org", CustomDomainInfo.VERIFIED, "_portway.shop.example.org",
                        "v1", SHOP),
                new CustomDomainInfo("old.example.org", CustomDomainInfo.FAILED, "_portway.old.example.org", "v2",
                        null))));
        List<String> lines = out.lines().toList();
        assertTrue(lines.contains("shop.example.org  verified"), out);
        assertTrue(lines.contains("  certificate  Pebble Intermediate CA 5f1a, for shop.example.org, valid until "
                + "2027-03-07T04:00:00Z"), out);
        assertTrue(lines.contains("  last_error   urn:ietf:params:acme:error:rateLimited: too many certificates"),
                out);
        assertFalse(out.contains("_portway.shop.example.org"), "a verified domain needs no record: " + out);
        assertTrue(lines.contains("old.example.org   failed: no TXT record seen for 24 h; add it, then run "
                + "'portway socket update s_1 --verify'"), out);
        assertTrue(lines.contains("  _portway.old.example.org  TXT  \"v2\""), out);
    }

    @Test
    void theSocketsOwnCertificateErrorAndNoDomains() {
        CertificateInfo failing = new CertificateInfo("Portway self-signed", List.of("quiet-river-1.example.net"),
                null, "2027-01-01T00:00:00Z", "connection refused by the ACME server");
        assertEquals("""
                certificate  Portway self-signed, for quiet-river-1.example.net, valid until 2027-01-01T00:00:00Z
                last_error   connection refused by the ACME server

                custom_domains: none (add one with 'portway socket update s_1 --custom-domain NAME')""",
                DomainLines.of(socket("http", failing, List.of())));
        assertTrue(DomainLines.of(socket("http", null, List.of())).startsWith("certificate  -\n"));
    }

    @Test
    void aTcpSocketHasNeither() {
        assertEquals("", DomainLines.of(socket("tcp", null, List.of())));
    }
}
