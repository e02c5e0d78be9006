// A server certificate that neither a pin nor a certificate authority vouches for: new to us, or changed.
package dev.portway.agent.engine.trust;

import java.security.cert.CertificateException;

public final class UntrustedCertificateException extends CertificateException {
    private final String fingerprint;
    private final String trusted;

    UntrustedCertificateException(String fingerprint, String trusted) {
        super(trusted == null ? "unknown server certificate sha256 " + fingerprint
                : "server certificate sha256 " + fingerprint + " is not the trusted sha256 " + trusted);
        this.fingerprint = fingerprint;
        this.trusted = trusted;
    }

    /** What the server showed. */
    public String fingerprint() {
        return fingerprint;
    }

    /** What was trusted for that server instead; null on first contact. */
    public String trusted() {
        return trusted;
    }
}
