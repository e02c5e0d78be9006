// Starts real servers for tests: temporary data dir, free ports on loopback.
package dev.portway.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.portway.server.config.ServerConfig;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

public final class TestServers {
    private TestServers() {
    }

    public static ServerConfig config(Path dataDir) {
        return config(dataDir, "20000-20999");
    }

    /** config(dataDir) with these ports for tcp and tls sockets. */
    public static ServerConfig config(Path dataDir, String tcpPorts) {
        return ServerConfig.builder(dataDir).tcpPorts(tcpPorts).build();
    }

    /** config(dataDir) with n ports for tcp and tls sockets that are free on loopback right now. */
    public static ServerConfig configWithFreePorts(Path dataDir, int n) throws Exception {
        int first = freeRange(n);
        return config(dataDir, first + "-" + (first + n - 1));
    }

    public static PortwayServer start(Path dataDir) throws StartupException {
        return PortwayServer.start(config(dataDir));
    }

    /**
     * The first of n consecutive ports that are free on loopback right now, and never handed out before in this JVM.
     * Drawn from 21000-32700: below Linux's ephemeral range (32768 up), where every outgoing connection of a parallel
     * test could take one of them between this check and the server's bind, and above the default --tcp-ports
     * 20000-20999. Remembering what was handed out keeps two pickers of one test (a CA's ports, then a server's) from
     * drawing the same still-unbound port.
     */
    public static synchronized int freeRange(int n) {
        for (int tries = 0; tries < 200; tries++) {
            int first = 21_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(11_700 - n);
            boolean free = true;
            for (int p = first; p < first + n && free; p++) {
                free = !HANDED_OUT.contains(p) && bindable(p);
            }
            if (free) {
                for (int p = first; p < first + n; p++) {
                    HANDED_OUT.add(p);
                }
                return first;
            }
        }
        throw new IllegalStateException("no free range of " + n + " ports");
    }

    private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

    private static boolean bindable(int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Deletes the self-signed certificates a server made in this data directory: its next start makes new ones. */
    public static void forgetCertificates(Path dataDir) throws java.io.IOException {
        Files.delete(dataDir.resolve("tls/cert.pem"));
        Files.delete(dataDir.resolve("tls/key.pem"));
        Files.delete(dataDir.resolve("tunnel-tls/cert.pem")); // the tunnel port's too
        Files.delete(dataDir.resolve("tunnel-tls/key.pem"));
    }

    /** The certificate a server with this data directory presents. */
    public static X509Certificate certificate(Path dataDir) throws Exception {
        try (InputStream in = Files.newInputStream(dataDir.resolve("tls/cert.pem"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** An HTTP client that trusts exactly this certificate (a self-signed server's). */
    public static HttpClient trusting(X509Certificate cert) throws Exception {
        return HttpClient.newBuilder().sslContext(trustingContext(cert)).build();
    }

    /** TLS that trusts exactly this certificate. */
    public static SSLContext trustingContext(X509Certificate cert) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A plain-HTTP origin on loopback that answers every request 200 with this text; stop it after the test. */
    public static HttpServer origin(Function<HttpExchange, String> answer) throws java.io.IOException {
        HttpServer origin = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", ex -> {
            byte[] body = answer.apply(ex).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        origin.start();
        return origin;
    }

    /** A visitor's plain HTTP request to the server's edge for that name; the status line of the answer. */
    public static String visit(PortwayServer server, String host) throws Exception {
        try (Socket visitor = new Socket("127.0.0.1", server.config().httpPort())) {
            visitor.setSoTimeout(10_000);
            visitor.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(visitor.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
        }
    }
}
