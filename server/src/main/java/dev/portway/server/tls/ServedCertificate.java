// One certificate chain and its key, checked and ready to serve: the TLS context for the edge, a key store for Jetty,
// and what it is (issuer, names, validity) for the API.
package dev.portway.server.tls;

import dev.portway.protocol.api.CertificateInfo;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

record ServedCertificate(SslContext context, PrivateKey key, X509Certificate[] chain, CertificateInfo info) {
    private static final int DNS_NAME = 2;

    /** expiredToo: an expired certificate is served all the same (the server's own: better than none). */
    static ServedCertificate parse(String chainPem, String keyPem, boolean expiredToo) {
        X509Certificate[] chain = chain(chainPem);
        PrivateKey key = key(keyPem);
        X509Certificate leaf = chain[0];
        if (!matches(key, leaf)) {
            throw new IllegalArgumentException("the key does not match the certificate");
        }
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (!expiredToo && notAfter.isBefore(Instant.now())) {
            throw new IllegalArgumentException("the certificate expired on " + notAfter);
        }
        try {
            // The JDK's engine lets a TLS 1.3 visitor half-close (close_notify) and still read the answer;
            // BoringSSL's closes both ways (see PortwayServer).
            SslContext context = SslContextBuilder.forServer(key, chain).sslProvider(SslProvider.JDK).build();
            CertificateInfo info = new CertificateInfo(leaf.getIssuerX500Principal().getName(), names(leaf),
                    leaf.getNotBefore().toInstant().toString(), notAfter.toString(), null);
            return new ServedCertificate(context, key, chain, info);
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot serve the certificate: " + e.getMessage(), e);
        }
    }

    /** Whether the leaf names this host (exactly or by a wildcard), or is the wildcard "*.DOMAIN" asked for. */
    boolean covers(String name) {
        for (String n : info.names()) {
            if (n.equals(name)) {
                return true;
            }
            int dot = name.indexOf('.');
            if (n.startsWith("*.") && !name.startsWith("*") && dot > 0 && n.substring(1).equals(name.substring(dot))) {
                return true;
            }
        }
        return false;
    }

    KeyStore keyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("portway", key, CertificateBook.KEY_STORE_PASSWORD.toCharArray(), chain);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a key store: " + e.getMessage(), e);
        }
    }

    private static X509Certificate[] chain(String pem) {
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("no certificate in the chain (PEM expected)");
        }
        try {
            Collection<? extends java.security.cert.Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("no certificate in the chain (PEM expected)");
            }
            return certs.stream().map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("the certificate chain is not readable (PEM expected)", e);
        }
    }

    private static PrivateKey key(String pem) {
        if (pem == null || !pem.contains("-----BEGIN")) {
            throw new IllegalArgumentException("no private key (PEM expected)");
        }
        Object parsed;
        try (PEMParser reader = new PEMParser(new StringReader(pem))) {
            parsed = reader.readObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the private key is not readable (PEM expected)", e);
        }
        PrivateKeyInfo info;
        if (parsed instanceof PEMKeyPair pair) {
            info = pair.getPrivateKeyInfo();
        } else if (parsed instanceof PrivateKeyInfo plain) {
            info = plain;
        } else {
            throw new IllegalArgumentException("the private key is encrypted, or not a private key");
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException e) {
            throw new IllegalArgumentException("the private key is not readable (PEM expected)", e);
        }
    }

    /** A signature made with the key checks out with the certificate's public key: the pair belongs together. */
    private static boolean matches(PrivateKey key, X509Certificate cert) {
        String algorithm = switch (key.getAlgorithm().toUpperCase(Locale.ROOT)) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "ED25519", "EDDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
        };
        try {
            byte[] data = new byte[32];
            new SecureRandom().nextBytes(data);
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(data);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(cert.getPublicKey());
            verify.update(data);
            return verify.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static List<String> names(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2 && Integer.valueOf(DNS_NAME).equals(san.get(0))) {
                        names.add(((String) san.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // A certificate whose names cannot be read covers none.
        }
        return names;
    }
}
