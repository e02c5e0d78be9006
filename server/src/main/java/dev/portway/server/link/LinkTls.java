// The tunnel port's TLS: the DATA/tunnel-tls certificate that agents and other nodes pin, served with BoringSSL
// (links carry the bulk of every transfer), and a certificate asked of other nodes of a cluster, never required.
package dev.portway.server.link;

import dev.portway.server.security.TlsMaterial;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import javax.net.ssl.SSLException;

public final class LinkTls {
    private LinkTls() {
    }

    /** clustered: other nodes dial this port too. IllegalArgumentException: the pair does not load. */
    public static SslContext serverContext(TlsMaterial link, boolean clustered) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(link.certFile().toFile(), link.keyFile().toFile());
        if (clustered) {
            // Another node proves itself with its certificate (checked against the store at its hello) as
            // well as the cluster key; agents present none, so asking must not make one required.
            builder.clientAuth(ClientAuth.OPTIONAL).trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        // Links keep BoringSSL: they carry the bulk of every transfer. Visitors get the JDK's engine (see
        // ServedCertificate): it lets a TLS 1.3 visitor half-close (close_notify) and still read the answer.
        return builder.build();
    }
}
