// A certificate the server wants for one name, with its ACME state (table certificates, migration V8).
package dev.portway.server.store;

/** name: a host name or "*.DOMAIN"; chainPem/keyPem null until issued; times ISO-8601 UTC like createdAt. */
public record CertificateRecord(String name, String chainPem, String keyPem, String issuer, String notBefore,
        String notAfter, String lastError, String nextAttemptAt, boolean renewRequested, String updatedAt) {

    /** A name wanted but not issued yet: due at once. */
    public static CertificateRecord wanted(String name, String now) {
        return new CertificateRecord(name, null, null, null, null, null, null, null, false, now);
    }

    public boolean issued() {
        return chainPem != null && keyPem != null;
    }
}
