// The API's one listening connector when it takes HTTPS: TLS with the certificate the domain is served (followed
// as it changes, without a restart), plain HTTP detected.
package dev.portway.server.api;

import dev.portway.server.tls.CertificateBook;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class ApiTls {
    private static final Logger LOG = LoggerFactory.getLogger(ApiTls.class);
    /** How long a connection may stay silent, also while a client sends its request head. */
    private static final long IDLE_MILLIS = 30_000;

    private ApiTls() {
    }

    /**
     * One port for both: a TLS client gets HTTPS; a plain one still reaches the API, which answers only that it
     * takes HTTPS (a silent hang-up would leave the person guessing). The certificate is the book's for the domain
     * (the server's own, or one issued for the domain); a change serves the next handshake, open connections keep
     * theirs.
     */
    static ServerConnector connector(Server server, HttpConfiguration http, CertificateBook certificates,
                                     String domain, String host, int port) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(certificates.keyStore(domain));
        tls.setKeyStorePassword(CertificateBook.KEY_STORE_PASSWORD);
        // Clients dial the server by IP address as often as by name; a self-signed server is trusted by its pinned
        // fingerprint, a CA-signed one by its authority.
        tls.setSniRequired(false);
        AtomicReference<String> served = new AtomicReference<>(certificates.fingerprint(domain));
        certificates.onChange(() -> follow(tls, certificates, domain, served));
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        HttpConnectionFactory plain = new HttpConnectionFactory(http);
        SslConnectionFactory ssl = new SslConnectionFactory(tls, plain.getProtocol());
        ServerConnector connector = new ServerConnector(server, new DetectorConnectionFactory(ssl), plain);
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_MILLIS);
        return connector;
    }

    /** Reloads Jetty's TLS only when the domain's certificate is another one: most changes are other names'. */
    private static void follow(SslContextFactory.Server tls, CertificateBook certificates, String domain,
                               AtomicReference<String> served) {
        synchronized (served) {
            String now = certificates.fingerprint(domain);
            if (now.equals(served.getAndSet(now))) {
                return;
            }
            try {
                tls.reload(f -> f.setKeyStore(certificates.keyStore(domain)));
            } catch (Exception e) {
                LOG.warn("api: cannot serve the new certificate for {} ({}); still serving the previous one",
                        domain, e.toString());
            }
        }
    }
}
