// Keeps the book's own certificate in step with DATA/tls/cert.pem and key.pem: looked at every few seconds and on
// SIGHUP, so an operator (or certbot's deploy hook) replaces them without a restart. A pair that does not load (half
// written, a key that is not the certificate's) logs one line and the previous certificate stays served.
package dev.portway.server.tls;

import dev.portway.protocol.api.CertificateInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class OwnCertificateFiles {
    private static final Logger LOG = LoggerFactory.getLogger(OwnCertificateFiles.class);

    private final Path certFile;
    private final Path keyFile;
    private final CertificateBook book;
    /** What the files looked like when last loaded or refused: a change to either is a reason to look again. */
    private List<Object> seen;

    /** The book was made from these files just now. */
    public OwnCertificateFiles(Path certFile, Path keyFile, CertificateBook book) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.book = book;
        this.seen = stamp();
    }

    /** Loads the pair if either file changed since the last look. */
    public synchronized void poll() {
        List<Object> now = stamp();
        if (!now.equals(seen)) {
            seen = now;
            load();
        }
    }

    /** Loads the pair whether or not it changed (SIGHUP). */
    public synchronized void reload() {
        seen = stamp();
        load();
    }

    private void load() {
        try {
            book.putOwn(Files.readString(certFile, StandardCharsets.US_ASCII),
                    Files.readString(keyFile, StandardCharsets.US_ASCII));
            CertificateInfo info = book.describe(null).orElseThrow();
            LOG.info("{}: now serving the certificate for {} from {}, valid until {}", certFile.getParent(),
                    String.join(", ", info.names()), info.issuer(), info.notAfter());
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: not reloaded ({}); still serving the previous certificate", certFile.getParent(),
                    e instanceof IOException ? "cannot read " + e.getMessage()
                            : e instanceof IllegalArgumentException ? e.getMessage() : e.toString());
        }
    }

    /** Modification time, size and file identity of both: a file renamed into place changes its identity. */
    private List<Object> stamp() {
        return List.of(stamp(certFile), stamp(keyFile));
    }

    private static Object stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(a.lastModifiedTime(), a.size(), Objects.toString(a.fileKey()));
        } catch (IOException e) {
            return "missing";
        }
    }
}
