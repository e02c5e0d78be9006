// SHA-256 fingerprints of certificates, and the forms people paste them in.
package dev.portway.agent.engine.trust;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

public final class Fingerprints {
    private Fingerprints() {
    }

    /** Lower-case hex of the SHA-256 of the certificate's DER encoding, as the server prints it. */
    public static String of(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * "AB:CD:…", "sha256:abcd…" or plain hex, as 64 lower-case hex digits.
     *
     * @throws IllegalArgumentException when it is not a SHA-256 fingerprint
     */
    public static String normalize(String given) {
        String s = given.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("sha256:") || s.startsWith("sha256 ")) {
            s = s.substring(7).strip();
        }
        s = s.replace(":", "");
        if (!s.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("\"" + given + "\" is not a SHA-256 fingerprint (64 hex digits, "
                    + "as the server prints it)");
        }
        return s;
    }
}
