// Pebble (Debian package pebble), Let's Encrypt's test CA, on free loopback ports: its own HTTPS certificate made
// here, HTTP-01 validated on the port the test gives (the edge's HTTP port), names resolved by ChallTestSrv, and no
// sleeping or nonce rejection, so that an order takes well under a second.
package dev.portway.server.acme;

import dev.portway.server.TestServers;
import dev.portway.server.tls.TestCa;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

public final class Pebble implements AutoCloseable {
    public static final String BINARY = "/usr/bin/pebble";
    private final TestDaemon process;
    private final int port;
    private final int managementPort;
    private final Path httpsRoot;
    private final HttpClient http;

    private Pebble(TestDaemon process, int port, int managementPort, Path httpsRoot, HttpClient http) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.httpsRoot = httpsRoot;
        this.http = http;
    }

    /**
     * Starts Pebble with its files and log in dir, validating HTTP-01 on httpPort of whatever address dnsAddress
     * (ChallTestSrv's) gives for a name; returns once its directory answers.
     */
    public static Pebble start(Path dir, int httpPort, String dnsAddress) throws Exception {
        Files.createDirectories(dir);
        TestCa ca = new TestCa("Pebble HTTPS test root");
        TestCa.Issued https = ca.issue("localhost");
        Files.writeString(dir.resolve("cert.pem"), https.chainPem());
        Files.writeString(dir.resolve("key.pem"), https.keyPem());
        Path root = dir.resolve("https-root.pem");
        Files.writeString(root, pem(ca.root().getEncoded()));
        int first = TestServers.freeRange(3);
        int listen = first;
        int management = first + 1;
        int tlsPort = first + 2;
        Files.writeString(dir.resolve("pebble.json"), """
                {"pebble": {"listenAddress": "127.0.0.1:%d", "managementListenAddress": "127.0.0.1:%d",
                 "certificate": "%s", "privateKey": "%s", "httpPort": %d, "tlsPort": %d, "ocspResponderURL": "",
                 "externalAccountBindingRequired": false}}
                """.formatted(listen, management, dir.resolve("cert.pem"), dir.resolve("key.pem"), httpPort,
                tlsPort));
        Path log = dir.resolve("pebble.log");
        ProcessBuilder pb = new ProcessBuilder(BINARY, "-config", dir.resolve("pebble.json").toString(),
                "-dnsserver", dnsAddress);
        pb.environment().put("PEBBLE_VA_NOSLEEP", "1");
        pb.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
        return new Pebble(TestDaemon.start(pb, log, listen, management), listen, management, root,
                HttpClient.newBuilder().sslContext(ca.sslContext()).build());
    }


    /** For --acme-directory. */
    public URI directory() {
        return URI.create("https://localhost:" + port + "/dir");
    }

    /** The root of Pebble's own HTTPS (PEM file), for --acme-ca-root. */
    public Path httpsRoot() {
        return httpsRoot;
    }

    /** The root Pebble issues certificates under (PEM): what a client of the edge trusts. A new one each run. */
    public String issuingRoot() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + managementPort
                + "/roots/0")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("pebble /roots/0: " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, new byte[]{'\n'})
                .encodeToString(der) + "\n-----END CERTIFICATE-----\n";
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
