// Whom an API client believes: a certificate authority, or the fingerprint kept on first contact (as ssh does).
package dev.portway.agent.engine.trust;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.internal.tls.OkHostnameVerifier;

public final class ServerTrust {
    /** Decides whether to trust a server's certificate seen for the first time. */
    @FunctionalInterface
    public interface FirstContact {
        boolean accept(String server, String fingerprint);
    }

    private final KnownServers known;
    private final String expected;
    private final FirstContact firstContact;
    private final X509TrustManager authorities;

    /**
     * known: where trusted fingerprints are kept; expected: the fingerprint the user gave (--fingerprint), or
     * null; firstContact: asked about a certificate that nothing vouches for yet.
     */
    public ServerTrust(KnownServers known, String expected, FirstContact firstContact) {
        this(known, expected, firstContact, systemAuthorities());
    }

    /** As above, with the certificate authorities to believe (the system's by default). */
    public ServerTrust(KnownServers known, String expected, FirstContact firstContact,
                       X509TrustManager authorities) {
        this.known = known;
        this.expected = expected == null ? null : Fingerprints.normalize(expected);
        this.firstContact = firstContact;
        this.authorities = authorities;
    }

    /** Believes certificate authorities only: nothing is pinned, and a certificate nothing vouches for is refused. */
    public static ServerTrust authoritiesOnly() {
        return new ServerTrust(KnownServers.inMemory(), null, (server, fingerprint) -> false);
    }

    public KnownServers known() {
        return known;
    }

    /** The fingerprint the user gave on the command line, if any. */
    public Optional<String> expected() {
        return Optional.ofNullable(expected);
    }

    /** The fingerprint a certificate for the server must have, if it is pinned. */
    public Optional<String> pinned(String authority) {
        return expected != null ? Optional.of(expected) : known.fingerprint(authority);
    }

    /**
     * A certificate is trusted when it is the pinned one, or (unless --fingerprint says which it must be) when a
     * certificate authority vouches for it; the HTTP client then checks the host name against it.
     */
    void check(String authority, X509Certificate[] chain, String authType) throws CertificateException {
        String shown = Fingerprints.of(chain[0]);
        Optional<String> pin = pinned(authority);
        if (pin.isPresent() && pin.get().equals(shown)) {
            if (expected != null && !known.fingerprint(authority).map(expected::equals).orElse(false)) {
                known.trust(authority, expected);
            }
            return;
        }
        if (expected == null && vouched(chain, authType)) {
            return;
        }
        throw new UntrustedCertificateException(shown, pin.orElse(null));
    }

    private boolean vouched(X509Certificate[] chain, String authType) {
        try {
            authorities.checkServerTrusted(chain, authType);
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    /** Asks about a certificate seen for the first time; a yes is kept for next time. */
    public boolean firstContact(String server, String authority, String fingerprint) {
        if (expected != null || !firstContact.accept(server, fingerprint)) {
            return false;
        }
        known.trust(authority, fingerprint);
        return true;
    }

    /** A TLS context that checks the server's certificate by these rules. */
    public SSLContext sslContext(String authority) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[]{trustManager(authority)}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    public X509TrustManager trustManager(String authority) {
        return new Checker(authority);
    }

    /** A pinned certificate is the server's whatever names it carries; any other must carry the host's name. */
    public HostnameVerifier hostnames(String authority) {
        return (host, session) -> pinMatches(authority, session) || OkHostnameVerifier.INSTANCE.verify(host, session);
    }

    /**
     * For HttpURLConnection, which asks only once its own check of the host name failed: then the certificate is the
     * server's only when it is the pinned one.
     */
    public HostnameVerifier pinnedHostnames(String authority) {
        return (host, session) -> pinMatches(authority, session);
    }

    private boolean pinMatches(String authority, SSLSession session) {
        try {
            X509Certificate leaf = (X509Certificate) session.getPeerCertificates()[0];
            return pinned(authority).map(Fingerprints.of(leaf)::equals).orElse(false);
        } catch (SSLPeerUnverifiedException | ClassCastException e) {
            return false;
        }
    }

    private static X509TrustManager systemAuthorities() {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((KeyStore) null);
            return Arrays.stream(f.getTrustManagers()).filter(X509TrustManager.class::isInstance)
                    .map(X509TrustManager.class::cast).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no system trust manager"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the system's certificate authorities: " + e.getMessage(), e);
        }
    }

    private final class Checker extends X509ExtendedTrustManager {
        private final String authority;

        Checker(String authority) {
            this.authority = authority;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(authority, chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(authority, chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(authority, chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client does not check clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a client does not check clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a client does not check clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
