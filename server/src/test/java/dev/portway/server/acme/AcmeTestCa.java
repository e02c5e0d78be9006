// A real CA for a test: pebble-challtestsrv as the DNS, Pebble validating HTTP-01 on one free port, a client that
// trusts only Pebble's root, and the settings of a server that orders from it. One per test class or per test.
package dev.portway.server.acme;

import dev.portway.server.config.AcmeSettings;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.TestServers;
import java.nio.file.Path;

public final class AcmeTestCa implements AutoCloseable {
    private final ChallTestSrv dns;
    private final Pebble pebble;
    private final int httpPort;
    private final EdgeTls client;

    private AcmeTestCa(ChallTestSrv dns, Pebble pebble, int httpPort, EdgeTls client) {
        this.dns = dns;
        this.pebble = pebble;
        this.httpPort = httpPort;
        this.client = client;
    }

    /** Starts both daemons with their files and logs in dir. */
    public static AcmeTestCa start(Path dir) throws Exception {
        ChallTestSrv dns = ChallTestSrv.start(dir.resolve("challtestsrv.log"));
        try {
            int httpPort = TestServers.freeRange(1);
            Pebble pebble = Pebble.start(dir.resolve("pebble"), httpPort, dns.dnsAddress());
            return new AcmeTestCa(dns, pebble, httpPort, new EdgeTls(pebble.issuingRoot()));
        } catch (Exception | Error e) {
            dns.close();
            throw e;
        }
    }

    public ChallTestSrv dns() {
        return dns;
    }

    public Pebble pebble() {
        return pebble;
    }

    /** The HTTP port Pebble validates HTTP-01 on: nothing listens there until a server's edge does. */
    public int httpPort() {
        return httpPort;
    }

    /** A TLS client that trusts only Pebble's issuing root. */
    public EdgeTls client() {
        return client;
    }

    /** Ordering from Pebble, without an e-mail address or a DNS hook. */
    public AcmeSettings acme() {
        return new AcmeSettings(pebble.directory(), null, pebble.httpsRoot(), null);
    }

    /**
     * A server for domain on the HTTP port Pebble validates on, its other ports free, ordering from Pebble as
     * ops@example.com and resolving names (custom domains' TXT records) through challtestsrv.
     */
    public ServerConfig config(Path data, String domain) throws Exception {
        return config(data, domain, httpPort);
    }

    /** The same on another HTTP port (0: any), where Pebble's validation does not reach. */
    public ServerConfig config(Path data, String domain, int httpPort) throws Exception {
        ServerConfig base = TestServers.configWithFreePorts(data, 2);
        return base.toBuilder().domain(domain).httpPort(httpPort)
                .acme(new AcmeSettings(pebble.directory(), "ops@example.com", pebble.httpsRoot(), null))
                .names(dns.names()).build();
    }

    @Override
    public void close() throws Exception {
        try {
            pebble.close();
        } finally {
            dns.close();
        }
    }
}
