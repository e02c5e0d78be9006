// pebble-challtestsrv (Debian package pebble) on free loopback ports: a DNS server for tests that answers every A
// query with 127.0.0.1 and the TXT records a test sets through its management API (/set-txt, /clear-txt).
package dev.portway.server.acme;

import dev.portway.server.TestServers;
import dev.portway.server.config.NameRules;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

public final class ChallTestSrv implements AutoCloseable {
    /** How soon a server under test looks at a pending domain again at first (the server's own: 5 s). */
    public static final Duration QUICK_CHECK = Duration.ofMillis(500);
    public static final String BINARY = "/usr/bin/pebble-challtestsrv";
    private final TestDaemon process;
    private final int dnsPort;
    private final int managementPort;
    private final HttpClient http = HttpClient.newHttpClient();

    private ChallTestSrv(TestDaemon process, int dnsPort, int managementPort) {
        this.process = process;
        this.dnsPort = dnsPort;
        this.managementPort = managementPort;
    }

    /** Starts it, logging to log; returns once its management port answers. */
    public static ChallTestSrv start(Path log) throws Exception {
        int first = TestServers.freeRange(2);
        int dns = first;
        int management = first + 1;
        TestDaemon p = TestDaemon.start(new ProcessBuilder(BINARY, "-dns01", "127.0.0.1:" + dns, "-management",
                "127.0.0.1:" + management, "-http01", "", "-https01", "", "-tlsalpn01", "", "-defaultIPv4",
                "127.0.0.1", "-defaultIPv6", ""), log, management);
        return new ChallTestSrv(p, dns, management);
    }

    /** HOST:PORT of its DNS server (UDP and TCP), for --resolver and Pebble's -dnsserver. */
    public String dnsAddress() {
        return "127.0.0.1:" + dnsPort;
    }

    /**
     * The default name rules with TXT records looked up here, and a pending domain looked at again QUICK_CHECK after
     * the first look: a test that publishes the record after adding the domain waits that long for it, not 5 s.
     */
    public NameRules names() {
        return new NameRules(NameRules.DEFAULTS.reserved(), dnsAddress(), QUICK_CHECK);
    }

    /** http://HOST:PORT of its management API, for a hook script that calls /set-txt and /clear-txt itself. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** Answers TXT queries for host (a trailing dot is added when missing) with value, besides any set before. */
    public void setTxt(String host, String value) throws Exception {
        manage("set-txt", "{\"host\":\"" + fqdn(host) + "\",\"value\":\"" + value + "\"}");
    }

    /** Drops every TXT record of host. */
    public void clearTxt(String host) throws Exception {
        manage("clear-txt", "{\"host\":\"" + fqdn(host) + "\"}");
    }

    private static String fqdn(String host) {
        return host.endsWith(".") ? host : host + ".";
    }

    private void manage(String call, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                        + "/" + call)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("challtestsrv /" + call + ": " + r.statusCode() + " " + r.body());
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
