// A client's TLS handshake with a server port, naming a host (SNI) and checking the certificate against the trust
// given, host name included, as a browser or curl does: the certificate it was shown.
package dev.portway.server.tls;

import dev.portway.server.security.TlsMaterial;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

public final class Handshakes {
    private Handshakes() {
    }

    /** The leaf certificate shown for host on 127.0.0.1:port, verified (chain and name) by trust. */
    public static X509Certificate served(int port, String host, SSLContext trust) throws Exception {
        try (SSLSocket s = connect(port, host, trust)) {
            s.startHandshake();
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }

    /**
     * A connection to 127.0.0.1:port naming host, whose handshake (at the first read or write) verifies the
     * certificate by trust, chain and name; closing it closes the connection.
     */
    public static SSLSocket connect(int port, String host, SSLContext trust) throws IOException {
        Socket raw = new Socket("127.0.0.1", port);
        try {
            SSLSocket s = (SSLSocket) trust.getSocketFactory().createSocket(raw, host, port, true);
            s.setSoTimeout(10_000);
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(host)));
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            return s;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    public static String fingerprint(X509Certificate cert) {
        return TlsMaterial.fingerprint(cert);
    }

    /** Puts a pair in a tls directory as an operator's script would: each file written aside, then moved in. */
    public static void install(Path tlsDir, TestCa.Issued pair) throws Exception {
        Files.createDirectories(tlsDir);
        replace(tlsDir.resolve("key.pem"), pair.keyPem());
        replace(tlsDir.resolve("cert.pem"), pair.chainPem());
    }

    public static void replace(Path file, String text) throws Exception {
        Path aside = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(aside, text, StandardCharsets.US_ASCII);
        Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
