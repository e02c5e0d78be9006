// Visitor sign-in with one OpenID Connect provider per server: its issuer (discovered from
// ISSUER/.well-known/openid-configuration; null: no provider, so no socket may ask visitors for an e-mail address),
// the client registered there, and how long a visitor stays signed in to a socket.
package dev.portway.server.config;

import java.net.URI;
import java.time.Duration;

public record OidcSettings(URI issuer, String clientId, String clientSecret, Duration session) {
    public static final Duration DEFAULT_SESSION = Duration.ofHours(12);
    public static final OidcSettings NONE = new OidcSettings(null, null, null, DEFAULT_SESSION);

    public boolean enabled() {
        return issuer != null;
    }

    public OidcSettings withSession(Duration lifetime) {
        return new OidcSettings(issuer, clientId, clientSecret, lifetime);
    }

    /** Never prints the secret (a config in a log line or an exception must not leak it). */
    @Override
    public String toString() {
        return "OidcSettings[issuer=" + issuer + ", clientId=" + clientId + ", session=" + session + "]";
    }
}
