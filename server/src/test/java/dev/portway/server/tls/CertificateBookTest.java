// Which certificate a name gets (exact, then a one-label wildcard, then the server's own), and which pairs are refused.
package dev.portway.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CertificateBookTest {
    private final TestCa ca = new TestCa("Book Test CA");
    private CertificateBook book;

    CertificateBookTest() throws Exception {
    }

    @BeforeEach
    void ownCertificate() throws Exception {
        TestCa.Issued own = ca.issue("example.test", "*.example.test");
        book = new CertificateBook(own.chainPem(), own.keyPem());
    }

    @Test
    void exactThenWildcardThenOwn() throws Exception {
        TestCa.Issued exact = ca.issue("app.example.test");
        TestCa.Issued wildcard = ca.issue("*.users.example.test");
        book.put("app.example.test", exact.chainPem(), exact.keyPem());
        book.put("*.users.example.test", wildcard.chainPem(), wildcard.keyPem());

        assertEquals(List.of("app.example.test"), names("app.example.test"));
        assertEquals(List.of("app.example.test"), names("APP.Example.test."));
        assertEquals(List.of("*.users.example.test"), names("bob.users.example.test"));
        // A wildcard covers exactly one label: neither the domain itself nor two labels below it.
        assertEquals(List.of("example.test", "*.example.test"), names("users.example.test"));
        assertEquals(List.of("example.test", "*.example.test"), names("a.bob.users.example.test"));
        assertEquals(List.of("example.test", "*.example.test"), names("other.example.test"));
        assertEquals(List.of("example.test", "*.example.test"), names("unrelated.org"));
        assertEquals(List.of("example.test", "*.example.test"), book.describe(null).orElseThrow().names());
        assertSame(book.select("app.example.test"), book.select("app.example.test"));
        assertNotSame(book.select("app.example.test"), book.select("bob.users.example.test"));
        assertSame(book.select("other.example.test"), book.select(null));
    }

    @Test
    void describesIssuerAndValidity() throws Exception {
        TestCa.Issued exact = ca.issue("app.example.test");
        book.put("app.example.test", exact.chainPem(), exact.keyPem());
        var info = book.describe("app.example.test").orElseThrow();
        assertEquals("CN=Book Test CA", info.issuer());
        assertEquals(exact.leaf().getNotAfter().toInstant().toString(), info.notAfter());
        assertEquals(exact.leaf().getNotBefore().toInstant().toString(), info.notBefore());
        assertEquals(null, info.lastError());
    }

    @Test
    void removeFallsBackToWildcardThenOwn() throws Exception {
        TestCa.Issued exact = ca.issue("app.example.test");
        TestCa.Issued wildcard = ca.issue("*.example.test");
        book.put("app.example.test", exact.chainPem(), exact.keyPem());
        book.put("*.example.test", wildcard.chainPem(), wildcard.keyPem());
        book.remove("app.example.test");
        assertEquals(List.of("*.example.test"), names("app.example.test"));
        book.remove("*.example.test");
        book.remove("never.example.test");
        assertEquals(List.of("example.test", "*.example.test"), names("app.example.test"));
    }

    @Test
    void aSwapServesTheNewOneAndTellsListeners() throws Exception {
        AtomicInteger changes = new AtomicInteger();
        book.onChange(changes::incrementAndGet);
        TestCa.Issued first = ca.issue("app.example.test");
        TestCa.Issued second = ca.issue("app.example.test");
        book.put("app.example.test", first.chainPem(), first.keyPem());
        var before = book.select("app.example.test");
        book.put("app.example.test", second.chainPem(), second.keyPem());
        assertNotSame(before, book.select("app.example.test"));
        assertEquals(second.leaf().getNotAfter().toInstant().toString(),
                book.describe("app.example.test").orElseThrow().notAfter());
        assertEquals(2, changes.get());
    }

    @Test
    void badPairsAreRefusedWithAPlainMessage() throws Exception {
        TestCa.Issued good = ca.issue("app.example.test");
        TestCa.Issued other = ca.issue("app.example.test");
        TestCa.Issued expired = ca.issue(Instant.now().minus(Duration.ofDays(60)),
                Instant.now().minus(Duration.ofDays(1)), "app.example.test");

        assertRefused("the key does not match the certificate",
                () -> book.put("app.example.test", good.chainPem(), other.keyPem()));
        assertRefused("the certificate expired on",
                () -> book.put("app.example.test", expired.chainPem(), expired.keyPem()));
        assertRefused("no certificate in the chain",
                () -> book.put("app.example.test", "garbage", good.keyPem()));
        assertRefused("the certificate chain is not readable",
                () -> book.put("app.example.test", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                        good.keyPem()));
        assertRefused("no private key", () -> book.put("app.example.test", good.chainPem(), "garbage"));
        assertRefused("does not cover other.example.test",
                () -> book.put("other.example.test", good.chainPem(), good.keyPem()));
        assertRefused("does not cover *.example.test",
                () -> book.put("*.example.test", good.chainPem(), good.keyPem()));
        assertRefused("not a host name or *.DOMAIN", () -> book.put("a.*.test", good.chainPem(), good.keyPem()));
        assertRefused("the key does not match the certificate", () -> book.putOwn(good.chainPem(), other.keyPem()));
        // Nothing refused was served.
        assertEquals(List.of("example.test", "*.example.test"), names("app.example.test"));
    }

    private List<String> names(String host) {
        return book.describe(host).orElseThrow().names();
    }

    private static void assertRefused(String message, org.junit.jupiter.api.function.Executable put) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, put);
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("Exception"), e.getMessage());
    }
}
