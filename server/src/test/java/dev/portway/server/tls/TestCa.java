// A certificate authority of the test's own, standing in for a public one: issues leaf certificates for names.
package dev.portway.server.tls;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import javax.net.ssl.SSLContext;
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

public final class TestCa {
    /** A leaf certificate (then the authority's) and its key, PEM, as an operator or an ACME client has them. */
    public record Issued(String chainPem, String keyPem, X509Certificate leaf) {
    }

    private final KeyPair keys = ecKeys();
    private final X500Name name;
    private final X509Certificate root;

    public TestCa(String commonName) throws Exception {
        name = new X500Name("CN=" + commonName);
        JcaX509v3CertificateBuilder b = builder(name, name, keys, Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        root = sign(b);
    }

    /** A certificate valid from yesterday for 30 days, for these names (DNS names or IPv4 addresses). */
    public Issued issue(String... names) throws Exception {
        return issue(Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)), names);
    }

    public Issued issue(Instant notBefore, Instant notAfter, String... names) throws Exception {
        KeyPair leafKeys = ecKeys();
        JcaX509v3CertificateBuilder b = builder(name, new X500Name("CN=" + names[0]), leafKeys, notBefore, notAfter);
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(Arrays.stream(names)
                .map(n -> new GeneralName(n.matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName, n))
                .toArray(GeneralName[]::new)));
        X509Certificate leaf = sign(b);
        return new Issued(pem(leaf) + pem(root), pem(new JcaPKCS8Generator(leafKeys.getPrivate(), null)), leaf);
    }

    public X509Certificate root() {
        return root;
    }

    public X509TrustManager trustManager() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", root);
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        return (X509TrustManager) f.getTrustManagers()[0];
    }

    /** TLS that trusts this authority only, and checks host names as clients do. */
    public SSLContext sslContext() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[]{trustManager()}, null);
        return ctx;
    }

    private X509Certificate sign(JcaX509v3CertificateBuilder b) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys,
                                                       Instant notBefore, Instant notAfter) {
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()), Date.from(notBefore),
                Date.from(notAfter), subject, subjectKeys.getPublic());
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
