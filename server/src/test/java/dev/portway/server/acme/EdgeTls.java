// A TLS client of the HTTPS edge that checks the certificate as a browser would (chain to the given root, the host
// name), whatever the name resolves to: it dials 127.0.0.1 and sends the name as SNI.
package dev.portway.server.acme;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

public final class EdgeTls {
    private final SSLContext ssl;
    private final KeyStore trust;

    /** Trusts only the roots in the PEM text. */
    public EdgeTls(String rootPem) throws Exception {
        trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(rootPem.getBytes(StandardCharsets.US_ASCII)))) {
            trust.setCertificateEntry("root" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
    }

    public SSLContext context() {
        return ssl;
    }

    /** The roots it trusts, for a client that wants its own trust manager (OkHttp). */
    public KeyStore trustStore() {
        return trust;
    }

    /** Shakes hands with the edge as host; the leaf it served, or an exception when it is not valid for host. */
    public X509Certificate handshake(int httpsPort, String host) throws Exception {
        // Layered over a socket to 127.0.0.1 but made for host: its sessions are cached (and resumed) per host,
        // never one name's session for another.
        try (Socket raw = new Socket("127.0.0.1", httpsPort);
             SSLSocket s = (SSLSocket) ssl.getSocketFactory().createSocket(raw, host, httpsPort, true)) {
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(host)));
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.setSoTimeout(5_000);
            s.startHandshake();
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }

    /** Whether the edge serves host a certificate valid for it now. */
    public boolean valid(int httpsPort, String host) {
        try {
            handshake(httpsPort, host);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
