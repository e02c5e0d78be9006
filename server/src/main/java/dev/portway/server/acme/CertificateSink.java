// Where issued certificates go to be served (the HTTPS edge's CertificateBook): by exact name or "*.DOMAIN".
package dev.portway.server.acme;

public interface CertificateSink {
    /** Serves the pair for the name from the next handshake on; IllegalArgumentException on a bad pair. */
    void put(String name, String chainPem, String keyPem);

    void remove(String name);
}
