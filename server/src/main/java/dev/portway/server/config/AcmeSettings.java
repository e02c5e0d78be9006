// Certificates by ACME (RFC 8555): the CA's directory URL (null: none are ordered), the account's contact, a root to
// trust for the CA's own HTTPS (a private CA, or Pebble in tests), the DNS hook that makes a wildcard possible, and
// how many new certificates one account may have ordered.
package dev.portway.server.config;

import dev.portway.server.security.SignupRate;
import java.net.URI;
import java.nio.file.Path;

/** certificateRate: new certificate orders (not renewals) for the names of one account, over all nodes. */
public record AcmeSettings(URI directory, String email, Path caRoot, String dnsHook, SignupRate certificateRate) {
    public static final SignupRate DEFAULT_CERTIFICATE_RATE = SignupRate.parse("10/d");
    public static final AcmeSettings NONE = new AcmeSettings(null, null, null, null);

    /** With the default --certificate-rate. */
    public AcmeSettings(URI directory, String email, Path caRoot, String dnsHook) {
        this(directory, email, caRoot, dnsHook, DEFAULT_CERTIFICATE_RATE);
    }

    public AcmeSettings withCertificateRate(SignupRate rate) {
        return new AcmeSettings(directory, email, caRoot, dnsHook, rate);
    }

    public boolean enabled() {
        return directory != null;
    }
}
