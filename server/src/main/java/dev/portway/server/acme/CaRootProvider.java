// An ACME provider for any CA's directory URL whose HTTPS certificate chains to one given root (a private CA such
// as step-ca, or Pebble in tests) instead of the JVM's trusted roots: acme4j talks through java.net.http, so the
// root goes into the SSLContext of the HttpClient its connector builds.
package dev.portway.server.acme;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

final class CaRootProvider extends GenericAcmeProvider {
    private final SSLContext ssl;

    private CaRootProvider(SSLContext ssl) {
        this.ssl = ssl;
    }

    /** Trusts the certificates in the PEM file, and only them; a plain message when the file is no PEM root. */
    static CaRootProvider trusting(Path pemFile) throws IOException {
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> roots = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (roots.isEmpty()) {
                throw new IOException(pemFile + " holds no certificate");
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate root : roots) {
                trust.setCertificateEntry("root" + i++, root);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return new CaRootProvider(ssl);
        } catch (GeneralSecurityException e) {
            throw new IOException(pemFile + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    @Override
    protected HttpConnector createHttpConnector(NetworkSettings settings) {
        return new HttpConnector(settings) {
            @Override
            public HttpClient.Builder createClientBuilder() {
                return super.createClientBuilder().sslContext(ssl);
            }
        };
    }
}
