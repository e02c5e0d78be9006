// Certificates by ACME (RFC 8555): the CA's directory URL (null: none are ordered), the account's contact, a root to
// trust for the CA's own HTTPS (a private CA, or Pebble in tests), and the DNS hook that makes a wildcard possible.
package dev.portway.server;

import java.net.URI;
import java.nio.file.Path;

public record AcmeSettings(URI directory, String email, Path caRoot, String dnsHook) {
    public static final AcmeSettings NONE = new AcmeSettings(null, null, null, null);

    public boolean enabled() {
        return directory != null;
    }
}
