// What every test of a server ordering from Pebble shares: one CA (Pebble and challtestsrv) for the class, a data
// directory and a server per test, closed after it.
package dev.portway.server.acme;

import dev.portway.server.PortwayServer;
import dev.portway.server.ServerUnderTest;
import java.net.http.HttpClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
abstract class AcmeServerTest {
    static final String DOMAIN = "portway.test";
    @TempDir
    static Path shared;
    static AcmeTestCa ca;
    /** A client of the HTTPS edge that trusts only Pebble's issuing root. */
    static EdgeTls client;

    @TempDir
    Path data;
    PortwayServer server;
    @RegisterExtension
    final ServerUnderTest servers = new ServerUnderTest();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startCa() throws Exception {
        ca = AcmeTestCa.start(shared);
        client = ca.client();
    }

    @AfterAll
    static void stopCa() throws Exception {
        if (ca != null) {
            ca.close();
        }
    }
}
