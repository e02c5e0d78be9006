// A certificate authority of the test's own, standing in for a public one: issues the server's certificate.
package dev.portway.agent.engine;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

final class TestAuthority {
    private final KeyPair keys = ecKeys();
    private final X500Name name = new X500Name("CN=Portway Test CA");
    private final X509Certificate root;

    TestAuthority() throws Exception {
        JcaX509v3CertificateBuilder b = builder(name, name, keys);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        root = sign(b);
    }

    /** Writes cert.pem (leaf, then this authority) and key.pem for the host (a DNS name or an IPv4 address). */
    void issue(Path tlsDir, String host) throws Exception {
        KeyPair leafKeys = ecKeys();
        JcaX509v3CertificateBuilder b = builder(name, new X500Name("CN=" + host), leafKeys);
        GeneralName san = host.matches("[0-9.]+") ? new GeneralName(GeneralName.iPAddress, host)
                : new GeneralName(GeneralName.dNSName, host);
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
        X509Certificate leaf = sign(b);
        Files.createDirectories(tlsDir);
        Files.writeString(tlsDir.resolve("cert.pem"), pem(leaf) + pem(root));
        Files.writeString(tlsDir.resolve("key.pem"), pem(new JcaPKCS8Generator(leafKeys.getPrivate(), null)));
    }

    X509TrustManager trustManager() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", root);
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        return (X509TrustManager) f.getTrustManagers()[0];
    }

    private X509Certificate sign(JcaX509v3CertificateBuilder b) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), subject,
                subjectKeys.getPublic());
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            return gen.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(Object obj) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(obj);
        }
        return out.toString();
    }
}
