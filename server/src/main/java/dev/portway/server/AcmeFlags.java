// Reads the --acme-* flags into AcmeSettings: the directory URL (or its shorthand), the contact email, the CA root
// file and the DNS hook; a bad value is one plain IllegalArgumentException message.
package dev.portway.server;

import dev.portway.server.config.AcmeSettings;
import dev.portway.server.acme.HookCommand;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

final class AcmeFlags {
    static final Map<String, String> SHORTHANDS = Map.of(
            "letsencrypt", "https://acme-v02.api.letsencrypt.org/directory",
            "letsencrypt-staging", "https://acme-staging-v02.api.letsencrypt.org/directory");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private AcmeFlags() {
    }

    /** Every argument may be null (not given); without a directory no other flag may be given. */
    static AcmeSettings parse(String directory, String email, Path caRoot, String dnsHook) {
        if (blank(directory)) {
            if (!blank(email) || caRoot != null || !blank(dnsHook)) {
                throw new IllegalArgumentException("--acme-email, --acme-ca-root and --acme-dns-hook need "
                        + "--acme-directory");
            }
            return AcmeSettings.NONE;
        }
        URI url = directory(directory.strip());
        if (!blank(email) && !EMAIL.matcher(email.strip()).matches()) {
            throw new IllegalArgumentException("--acme-email must be an email address like ops@example.com, not "
                    + email);
        }
        if (caRoot != null) {
            checkRoot(caRoot);
        }
        if (!blank(dnsHook)) {
            HookCommand.parse(dnsHook).checkRunnable();
        }
        return new AcmeSettings(url, blank(email) ? null : email.strip(), caRoot,
                blank(dnsHook) ? null : dnsHook.strip());
    }

    private static URI directory(String value) {
        String url = SHORTHANDS.getOrDefault(value.toLowerCase(Locale.ROOT), value);
        try {
            URI uri = new URI(url);
            if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // told below
        }
        throw new IllegalArgumentException("--acme-directory must be an https:// URL of an ACME directory, "
                + "letsencrypt or letsencrypt-staging, not " + value);
    }

    private static void checkRoot(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw new IllegalArgumentException("--acme-ca-root: " + file + " holds no PEM certificate");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("--acme-ca-root: cannot read " + file);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("--acme-ca-root: " + file + " is not a PEM certificate");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
