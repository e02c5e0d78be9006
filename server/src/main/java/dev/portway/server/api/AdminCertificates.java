// The admin's list of the certificates the server wants: each name's state, issuer, expiry, last error and next try.
package dev.portway.server.api;

import dev.portway.protocol.api.AdminCertificate;
import dev.portway.server.acme.CertificateState;
import dev.portway.server.store.CertificateRecord;
import dev.portway.server.store.Store;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

final class AdminCertificates {
    /** The subjectAltName type of a DNS name (RFC 5280). */
    private static final int DNS_NAME = 2;

    private final Store store;
    private final Clock clock;

    AdminCertificates(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Every certificate, the one that expires first on top; those not issued yet after them, by name. */
    void list(Context ctx) {
        Instant now = clock.instant();
        ctx.json(store.allCertificates().stream()
                .sorted(Comparator.comparing(CertificateRecord::notAfter, Comparator.nullsLast(
                        Comparator.naturalOrder())).thenComparing(CertificateRecord::name))
                .map(c -> view(c, now)).toList());
    }

    private static AdminCertificate view(CertificateRecord c, Instant now) {
        return new AdminCertificate(c.name(), CertificateState.of(c, now).wire(), c.issuer(),
                c.issued() ? names(c.chainPem()) : List.of(), c.notBefore(), c.notAfter(), c.lastError(),
                c.nextAttemptAt(), c.renewRequested());
    }

    /** The leaf's DNS names, as a client would check them. */
    private static List<String> names(String chainPem) {
        List<String> names = new ArrayList<>();
        try {
            X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(chainPem.getBytes(StandardCharsets.US_ASCII)));
            Collection<List<?>> alt = leaf.getSubjectAlternativeNames();
            if (alt != null) {
                alt.stream().filter(n -> Integer.valueOf(DNS_NAME).equals(n.get(0)))
                        .forEach(n -> names.add(String.valueOf(n.get(1))));
            }
        } catch (CertificateException e) {
            // The store only holds chains the engine parsed when it saved them; a damaged one just shows no names.
            return List.of();
        }
        return names;
    }
}
