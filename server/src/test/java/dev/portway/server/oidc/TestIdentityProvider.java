// A real OpenID Connect provider for the tests: NAV's mock-oauth2-server on a free loopback port, with one issuer.
// Its authorization endpoint signs the browser in at once (no login form) as whoever nextSignIn named; the ID token
// carries the nonce of the request, email and email_verified, and the client id as audience.
package dev.portway.server.oidc;

import dev.portway.server.config.OidcSettings;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

public final class TestIdentityProvider implements AutoCloseable {
    public static final String CLIENT_ID = "portway-test";
    public static final String CLIENT_SECRET = "test-client-secret";
    private static final String ISSUER_ID = "portway";
    private static final long TOKEN_SECONDS = 3600;

    private final MockOAuth2Server server = new MockOAuth2Server();

    private TestIdentityProvider() {
    }

    public static TestIdentityProvider start() {
        TestIdentityProvider p = new TestIdentityProvider();
        p.server.start(InetAddress.getLoopbackAddress(), 0);
        return p;
    }

    /** The issuer URL, as --oidc-issuer takes it (plain HTTP on loopback). */
    public URI issuer() {
        return server.issuerUrl(ISSUER_ID).uri();
    }

    /** The settings of a server that signs visitors in here, with the default session lifetime. */
    public OidcSettings settings() {
        return new OidcSettings(issuer(), CLIENT_ID, CLIENT_SECRET, OidcSettings.DEFAULT_SESSION);
    }

    /** The next sign-in (code exchanged for tokens) is of this person. */
    public void nextSignIn(String email, boolean emailVerified, String subject) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(CLIENT_ID),
                Map.of("email", email, "email_verified", emailVerified), TOKEN_SECONDS));
    }

    /** The next sign-in is of this person, with a verified address and a subject made from it. */
    public void nextSignIn(String email) {
        nextSignIn(email, true, "sub-" + email);
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
