// The apex domain on the HTTPS edge: with a provider it is served (for the sign-in paths) under a certificate that
// covers its name, as a browser checks it; without one it stays what it was, a name that is no socket (closed).
package dev.portway.server.oidc;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.config.OidcSettings;
import dev.portway.server.PortwayServer;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.TestServers;
import dev.portway.server.tls.Handshakes;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApexDomainTest {
    private static final String DOMAIN = "edge.signin.test";

    @TempDir
    Path dir;

    private static ServerConfig config(Path data) {
        return TestServers.config(data).toBuilder().domain(DOMAIN).build();
    }

    /** GET path on the HTTPS edge by the apex name (SNI and Host), its name checked as a browser does. */
    private static String get(int port, String path, SSLContext trust) throws Exception {
        try (SSLSocket s = Handshakes.connect(port, DOMAIN, trust)) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + DOMAIN + ":" + port
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void withAProviderTheApexServesTheSignInPathsUnderItsOwnName() throws Exception {
        // The provider is never asked: a callback without the browser's flow is refused before that.
        OidcSettings oidc = new OidcSettings(URI.create("http://127.0.0.1:9/realm"), "portway", null,
                OidcSettings.DEFAULT_SESSION);
        try (PortwayServer server = PortwayServer.start(config(dir).withOidc(oidc))) {
            SSLContext trust = TestServers.trustingContext(TestServers.certificate(dir));
            int port = server.config().httpsPort();
            Handshakes.served(port, DOMAIN, trust);
            String callback = get(port, "/.portway/oidc/callback?state=s&code=c", trust);
            assertTrue(callback.startsWith("HTTP/1.1 400 ") && callback.contains("not started in this browser"),
                    callback);
            String root = get(port, "/", trust);
            assertTrue(root.startsWith("HTTP/1.1 404 "), "nothing else is served there: " + root);
        }
    }

    @Test
    void withoutAProviderTheApexIsNoName() throws Exception {
        try (PortwayServer server = PortwayServer.start(config(dir))) {
            SSLContext trust = TestServers.trustingContext(TestServers.certificate(dir));
            assertThrows(IOException.class, () -> Handshakes.served(server.config().httpsPort(), DOMAIN, trust));
        }
    }
}
