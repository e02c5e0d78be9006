// Certificates for tests of what is shown about them: self-signed, for the names and the validity a test chooses,
// saved in the store the way the ACME engine saves what it got.
package dev.portway.server.acme;

import dev.portway.server.store.CertificateRecord;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

public final class TestCertificates {
    private TestCertificates() {
    }

    /** An issued certificate of name for names, valid from notBefore to notAfter, issued by "Test CA". */
    public static CertificateRecord issued(String name, List<String> names, Instant notBefore, Instant notAfter)
            throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = gen.generateKeyPair();
        X500Name subject = new X500Name("CN=" + names.get(0));
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=Test CA"),
                new BigInteger(64, new SecureRandom()), Date.from(notBefore), Date.from(notAfter), subject,
                pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.stream()
                .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        return new CertificateRecord(name, pem(cert), pem(new JcaPKCS8Generator(pair.getPrivate(), null)),
                "Test CA", notBefore.toString(), notAfter.toString(), null, null, false, Instant.now().toString());
    }

    /** A name whose first order failed with error, nothing issued. */
    public static CertificateRecord failed(String name, String error, Instant nextAttempt) {
        return new CertificateRecord(name, null, null, null, null, null, error, nextAttempt.toString(), false,
                Instant.now().toString());
    }

    private static String pem(Object o) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }
}
