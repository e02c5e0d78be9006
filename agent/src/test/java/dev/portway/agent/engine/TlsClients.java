// A TLS client for tests of what the edge passes through: it trusts any server and keeps the certificate it was
// shown, so a test can tell the origin's certificate from Portway's.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

final class TlsClients {
    /** Shorter than the edge's own 10 s wait for a ClientHello: a refusal must come from the edge, not a timeout. */
    static final int READ_TIMEOUT_MILLIS = 8_000;

    private TlsClients() {
    }

    /** Trusts any server and keeps the certificate it was shown. */
    static final class RecordingTrust implements X509TrustManager {
        volatile X509Certificate seen;

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            seen = chain[0];
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a client only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** A TLS client on 127.0.0.1:port sending the SNI name, or none when sni is null. */
    static SSLSocket client(int port, String sni, RecordingTrust trust) throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[]{trust}, null);
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        SSLSocket s = (SSLSocket) ssl.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        s.setSoTimeout(READ_TIMEOUT_MILLIS);
        SSLParameters params = s.getSSLParameters();
        params.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        s.setSSLParameters(params);
        return s;
    }

    /** One line through a TLS echo origin; the certificate the client saw, as a fingerprint. */
    static String exchange(int port, String sni) throws Exception {
        RecordingTrust trust = new RecordingTrust();
        try (SSLSocket s = client(port, sni, trust)) {
            s.getOutputStream().write("hi over tls\n".getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            String answer = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertEquals("tls echo: hi over tls", answer);
            return fingerprint(trust.seen);
        }
    }

    static String fingerprint(X509Certificate cert) throws Exception {
        assertTrue(cert != null, "the client saw no certificate");
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }
}
