// The certificates the HTTPS edge (and the API) serve, by name: an exact host name, then a wildcard covering it, then
// the server's own (DATA/tls). Changes take effect from the next handshake; connections already up keep theirs.
package dev.portway.server.tls;

import dev.portway.protocol.api.CertificateInfo;
import dev.portway.server.security.TlsMaterial;
import io.netty.handler.ssl.SslContext;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

public final class CertificateBook {
    /** Guards nothing: the key stores never leave memory, but Jetty needs one. */
    public static final String KEY_STORE_PASSWORD = "portway";
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** Replaced whole on every change (copy on write): a handshake reads one consistent map without a lock. */
    private volatile Map<String, ServedCertificate> byName = Map.of();
    private volatile ServedCertificate own;

    /** The server's own certificate chain and key (PEM): served for every name nothing else covers. */
    public CertificateBook(String ownChainPem, String ownKeyPem) {
        own = ServedCertificate.parse(ownChainPem, ownKeyPem, true);
    }

    /**
     * Serves this chain and key for name (an exact host name, or "*.DOMAIN" for the names one label below DOMAIN)
     * from the next handshake on. Throws IllegalArgumentException with a plain message when the pair is unusable:
     * unreadable, a key that is not the certificate's, expired, or not covering the name.
     */
    public void put(String name, String chainPem, String keyPem) {
        String key = normalize(name);
        if (key.isEmpty() || key.indexOf('*', 1) >= 0 || (key.startsWith("*") && !key.startsWith("*."))) {
            throw new IllegalArgumentException("not a host name or *.DOMAIN: " + name);
        }
        ServedCertificate cert = ServedCertificate.parse(chainPem, keyPem, false);
        if (!cert.covers(key)) {
            throw new IllegalArgumentException("the certificate (for " + String.join(", ", cert.info().names())
                    + ") does not cover " + key);
        }
        synchronized (this) {
            Map<String, ServedCertificate> next = new HashMap<>(byName);
            next.put(key, cert);
            byName = Map.copyOf(next);
        }
        changed();
    }

    /** Stops serving name's own certificate; the next handshake for it gets the wildcard or the server's own. */
    public void remove(String name) {
        String key = normalize(name);
        synchronized (this) {
            if (!byName.containsKey(key)) {
                return;
            }
            Map<String, ServedCertificate> next = new HashMap<>(byName);
            next.remove(key);
            byName = Map.copyOf(next);
        }
        changed();
    }

    /**
     * Replaces the server's own certificate (DATA/tls), validated as put does, apart from the names it covers and
     * its expiry: the operator's certificate, even expired, is what they chose to serve.
     */
    public void putOwn(String chainPem, String keyPem) {
        own = ServedCertificate.parse(chainPem, keyPem, true);
        changed();
    }

    /** The TLS context for a visitor's SNI name (null: none given, which gets the server's own). */
    public SslContext select(String sniHostname) {
        return find(sniHostname).context();
    }

    /** What select would serve for this name, the server's own included; lastError is always null here. */
    public Optional<CertificateInfo> describe(String hostname) {
        return Optional.of(find(hostname).info());
    }

    /** The certificate issued for exactly this name (not a wildcard, not the server's own), if there is one. */
    public Optional<CertificateInfo> describeOwnOf(String hostname) {
        return Optional.ofNullable(byName.get(normalize(hostname))).map(ServedCertificate::info);
    }

    /** The key and chain select would serve, as a key store (password KEY_STORE_PASSWORD) for Jetty. */
    public KeyStore keyStore(String hostname) {
        return find(hostname).keyStore();
    }

    /** SHA-256 of the leaf select would serve for this name, lower-case hex: the form clients pin. */
    public String fingerprint(String hostname) {
        return TlsMaterial.fingerprint(find(hostname).chain()[0]);
    }

    /** Called after every change (on the changing thread), for servers that cannot ask per handshake. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private ServedCertificate find(String hostname) {
        if (hostname != null) {
            String name = normalize(hostname);
            Map<String, ServedCertificate> names = byName;
            ServedCertificate exact = names.get(name);
            if (exact != null) {
                return exact;
            }
            int dot = name.indexOf('.');
            if (dot > 0) {
                ServedCertificate wildcard = names.get("*" + name.substring(dot));
                if (wildcard != null) {
                    return wildcard;
                }
            }
        }
        return own;
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    static String normalize(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
