// The server's TLS keys and certificates: the edge's own (DATA/tls, the operator's to replace) and the tunnel port's
// (DATA/tunnel-tls, pinned by agents and nodes, never replaced); loaded from the data dir, or made at first start.
package dev.portway.server.security;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.portway.protocol.FilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

public final class TlsMaterial {
    /** Guards nothing: the key store never leaves memory, but the API needs one. */
    public static final String KEY_STORE_PASSWORD = "portway";
    private final Path certFile;
    private final Path keyFile;
    private final X509Certificate certificate;

    private TlsMaterial(Path certFile, Path keyFile, X509Certificate certificate) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.certificate = certificate;
    }

    /** Loads tls/cert.pem and tls/key.pem from the data dir, generating them for the domain when absent. */
    public static TlsMaterial loadOrCreate(Path dataDir, String domain) throws IOException {
        Path dir = dataDir.resolve("tls");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        if (!Files.exists(cert) || !Files.exists(key)) {
            Files.createDirectories(dir);
            FilePermissions.ownerOnlyDir(dir);
            generate(domain, cert, key);
        }
        return new TlsMaterial(cert, key, read(cert));
    }

    /**
     * The tunnel port's key and certificate, in DATA/tunnel-tls: agents and other nodes pin its fingerprint, so it
     * stays when the operator replaces DATA/tls. Made at the first start of a server that has none by copying
     * DATA/tls (an upgraded server keeps the fingerprint its agents pinned), or generated if that is missing too.
     */
    public static TlsMaterial linkOf(Path dataDir, String domain) throws IOException {
        Path dir = dataDir.resolve("tunnel-tls");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        if (!Files.exists(cert) || !Files.exists(key)) {
            TlsMaterial edge = loadOrCreate(dataDir, domain);
            Files.createDirectories(dir);
            FilePermissions.ownerOnlyDir(dir);
            // The key last: a crash between the two leaves no pair, and the next start copies again. The key in
            // PKCS#8, the one form the tunnel port's TLS reads, whatever form the operator gave DATA/tls.
            write(cert, Files.readString(edge.certFile(), StandardCharsets.US_ASCII));
            write(key, pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(edge.privateKey(), null)));
        }
        return new TlsMaterial(cert, key, read(cert));
    }

    public Path certFile() {
        return certFile;
    }

    public Path keyFile() {
        return keyFile;
    }

    /**
     * The key and certificate chain as an in-memory key store (password KEY_STORE_PASSWORD), for servers that take
     * no PEM files (Jetty, for the API).
     */
    public KeyStore keyStore() throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("portway", privateKey(), KEY_STORE_PASSWORD.toCharArray(), chain(certFile));
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read key " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /** The key, in any of the PEM forms OpenSSL writes unencrypted (PKCS#8, PKCS#1, SEC1). */
    private PrivateKey privateKey() throws IOException {
        try (var reader = new PEMParser(Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII))) {
            Object parsed = reader.readObject();
            if (parsed instanceof PEMKeyPair pair) {
                return new JcaPEMKeyConverter().getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (parsed instanceof PrivateKeyInfo info) {
                return new JcaPEMKeyConverter().getPrivateKey(info);
            }
            throw new IOException("cannot read key " + keyFile + ": not an unencrypted private key");
        }
    }

    private static Certificate[] chain(Path cert) throws IOException, GeneralSecurityException {
        try (var in = Files.newInputStream(cert)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(Certificate[]::new);
        }
    }

    /** SHA-256 of the certificate's DER encoding, lower-case hex: what agents pin. */
    public String fingerprint() {
        return fingerprint(certificate);
    }

    /** SHA-256 of a certificate's DER encoding, lower-case hex: the form agents and nodes pin. */
    public static String fingerprint(Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate read(Path cert) throws IOException {
        try (var in = Files.newInputStream(cert)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read certificate " + cert + ": " + e.getMessage(), e);
        }
    }

    private static void generate(String domain, Path certFile, Path keyFile) throws IOException {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = gen.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=" + domain + ",O=Portway self-signed");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new java.security.SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(825))), subject, pair.getPublic());
            List<GeneralName> names = new ArrayList<>();
            names.add(new GeneralName(GeneralName.dNSName, domain));
            names.add(new GeneralName(GeneralName.dNSName, "*." + domain));
            if (!domain.equals("localhost")) {
                names.add(new GeneralName(GeneralName.dNSName, "localhost"));
            }
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            write(certFile, pem(cert));
            write(keyFile, pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pair.getPrivate(), null)));
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IOException("cannot generate a certificate: " + e.getMessage(), e);
        }
    }

    private static String pem(Object obj) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(obj);
        }
        return out.toString();
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        FilePermissions.ownerOnlyFile(file);
    }
}
