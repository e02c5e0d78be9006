// What the server jar leaves out of its dependencies (docs/packages.md) without losing what it uses: SQLite's library
// for this platform only, and a Bouncy Castle without post-quantum algorithms whose provider still starts and serves
// acme4j. The jar is loaded on its own, apart from the full dependencies on this test's class path.
package dev.portway.installers.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sqlite.util.OSInfo;

class ServerJarTest {
    private static final Path JAR = Path.of("../server/target/portway-server.jar").toAbsolutePath().normalize();

    static List<String> entries;

    @BeforeAll
    static void read() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: the server module's package phase builds it");
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            entries = zip.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName).toList();
        }
    }

    @Test
    void carriesTheSqliteLibraryOfThisPlatformOnly() {
        // The folder sqlite-jdbc looks in at run time, on this machine.
        String wanted = "org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/"
                + System.mapLibraryName("sqlitejdbc");
        assertEquals(List.of(wanted), entries.stream().filter(e -> e.startsWith("org/sqlite/native/")).toList());
    }

    @Test
    void leavesOutPostQuantumCryptoProtobufAndServletSchemas() {
        List<String> dead = List.of("org/bouncycastle/pqc/crypto/", "org/bouncycastle/pqc/legacy/",
                "META-INF/versions/17/org/bouncycastle/pqc/", "io/prometheus/metrics/shaded/",
                "io/prometheus/metrics/expositionformats/generated/", "jakarta/servlet/resources/",
                "javax/servlet/resources/");
        assertEquals(List.of(), entries.stream().filter(e -> dead.stream().anyMatch(e::startsWith)).toList());
        assertTrue(entries.contains("io/prometheus/metrics/expositionformats/PrometheusTextFormatWriter.class"));
    }

    @Test
    void bouncyCastlesProviderStartsAndMakesAcmeKeysAndRequests() throws Exception {
        Provider before = Security.getProvider("BC");
        Security.removeProvider("BC");
        try (URLClassLoader jar = new URLClassLoader(new URL[] {JAR.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            // As AcmeEngine does; its setup registers every algorithm, the post-quantum ones' key factories too.
            Provider bc = (Provider) jar.loadClass("org.bouncycastle.jce.provider.BouncyCastleProvider")
                    .getConstructor().newInstance();
            Security.addProvider(bc);

            // As AcmeAccount and Orderer do: an EC key by the provider's name, stored as PEM and read back, and
            // the order's certificate request signed with it.
            Class<?> keys = jar.loadClass("org.shredzone.acme4j.util.KeyPairUtils");
            KeyPair key = (KeyPair) keys.getMethod("createECKeyPair", String.class).invoke(null, "secp256r1");
            assertSame(jar, key.getPrivate().getClass().getClassLoader(), "a key of the jar's provider");
            StringWriter pem = new StringWriter();
            keys.getMethod("writeKeyPair", KeyPair.class, Writer.class).invoke(null, key, pem);
            KeyPair read = (KeyPair) keys.getMethod("readKeyPair", Reader.class)
                    .invoke(null, new StringReader(pem.toString()));
            assertArrayEquals(key.getPublic().getEncoded(), read.getPublic().getEncoded());

            Class<?> csr = jar.loadClass("org.shredzone.acme4j.util.CSRBuilder");
            Object request = csr.getConstructor().newInstance();
            csr.getMethod("addDomain", String.class).invoke(request, "app.example.com");
            csr.getMethod("sign", KeyPair.class).invoke(request, read);
            StringWriter csrPem = new StringWriter();
            csr.getMethod("write", Writer.class).invoke(request, csrPem);
            assertTrue(csrPem.toString().startsWith("-----BEGIN CERTIFICATE REQUEST-----"), csrPem.toString());
        } finally {
            Security.removeProvider("BC");
            if (before != null) {
                Security.addProvider(before);
            }
        }
    }
}
