// The server a test starts, closed after it: the start/stop set-up every end-to-end test class wrote again.
package dev.portway.server;

import dev.portway.server.ApiCalls.Reply;
import dev.portway.server.config.ServerConfig;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Register on an instance field ({@code @RegisterExtension final ServerUnderTest servers = new ServerUnderTest();}).
 * After the class's own {@code @AfterEach} methods (a browser or a link the test opened is gone first) it closes the
 * server started last; one the test replaced by starting another, the test has closed itself (a close is not
 * idempotent).
 */
public final class ServerUnderTest implements AfterEachCallback {
    private PortwayServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    /** Starts a server with this configuration; closed after the test. */
    public PortwayServer start(ServerConfig config) throws StartupException {
        return started(PortwayServer.start(config));
    }

    /** Starts a server whose custom-domain checks run on this clock; closed after the test. */
    public PortwayServer start(ServerConfig config, Clock domainClock) throws StartupException {
        return started(PortwayServer.start(config, domainClock));
    }

    /** Starts a server with the tests' default configuration in this data directory; closed after the test. */
    public PortwayServer start(Path dataDir) throws StartupException {
        return start(TestServers.config(dataDir));
    }

    private PortwayServer started(PortwayServer started) {
        server = started;
        return started;
    }

    /** The server started last. */
    public PortwayServer server() {
        if (server == null) {
            throw new IllegalStateException("no server started yet");
        }
        return server;
    }

    /** One API call to the server started last. */
    public Reply call(String method, String path, String token, String body) throws Exception {
        return ApiCalls.call(http, server(), method, path, token, body);
    }

    /** Signs up and signs in on the server started last; the session token. */
    public String signupAndLogin(String email) throws Exception {
        return ApiCalls.signupAndLogin(http, server(), email);
    }

    /** The server started last, closed and started again on its ports and data with a new self-signed certificate. */
    public PortwayServer restartWithNewCertificate() throws Exception {
        ServerConfig config = server().config();
        server.close();
        server = null;
        TestServers.forgetCertificates(config.dataDir());
        return start(config);
    }

    /** The test closed the server itself (a second close is not idempotent): nothing is left to close after it. */
    public void closedAlready() {
        server = null;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }
}
