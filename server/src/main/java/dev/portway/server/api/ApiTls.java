// The API's one listening connector when it takes HTTPS: TLS with the server's certificate, plain HTTP detected.
package dev.portway.server.api;

import dev.portway.server.security.TlsMaterial;
import java.security.KeyStore;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

final class ApiTls {
    /** How long a connection may stay silent, also while a client sends its request head. */
    private static final long IDLE_MILLIS = 30_000;

    private ApiTls() {
    }

    /**
     * One port for both: a TLS client gets HTTPS; a plain one still reaches the API, which answers only that it
     * takes HTTPS (a silent hang-up would leave the person guessing).
     */
    static ServerConnector connector(Server server, HttpConfiguration http, KeyStore keys, String host, int port) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(keys);
        tls.setKeyStorePassword(TlsMaterial.KEY_STORE_PASSWORD);
        // Clients dial the server by IP address as often as by name; trust comes from the pinned fingerprint.
        tls.setSniRequired(false);
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
}
