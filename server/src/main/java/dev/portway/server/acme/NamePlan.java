// Which certificate covers which name: each name its own, or with a DNS hook, one "*.DOMAIN" + DOMAIN certificate
// (by DNS-01) for the domain and every name one label under it. Names no public CA issues for are left out.
package dev.portway.server.acme;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

final class NamePlan {
    /** A DNS name of at least two labels, each a letter-digit-hyphen label; no IP addresses, no "localhost". */
    private static final Pattern ORDERABLE = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    private final String domain;
    private final boolean wildcard;

    NamePlan(String domain, boolean wildcard) {
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.wildcard = wildcard;
    }

    /** The certificate (its row name) that covers the host, if any may be ordered for it. */
    Optional<String> certificateFor(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (!orderable(name)) {
            return Optional.empty();
        }
        if (wildcard && (name.equals(domain) || oneLabelUnder(name))) {
            return Optional.of("*." + domain);
        }
        return Optional.of(name);
    }

    /**
     * Whether this plan orders the row: false for a name's own row that the wildcard covers now, or a wildcard row
     * with no DNS hook (rows an earlier run or another setting left behind).
     */
    boolean orders(String certificate) {
        if (isWildcard(certificate)) {
            return wildcard && certificate.equals("*." + domain);
        }
        return certificateFor(certificate).equals(Optional.of(certificate));
    }

    /** The identifiers to order for a row. */
    List<String> identifiers(String certificate) {
        return isWildcard(certificate) ? List.of(certificate.substring(2), certificate) : List.of(certificate);
    }

    /** The names the edge serves the row's certificate under (CertificateBook matches a bare DOMAIN exactly). */
    List<String> servedAs(String certificate) {
        return identifiers(certificate);
    }

    static boolean isWildcard(String certificate) {
        return certificate.startsWith("*.");
    }

    private boolean oneLabelUnder(String name) {
        return name.endsWith("." + domain) && name.indexOf('.') == name.length() - domain.length() - 1;
    }

    private static boolean orderable(String name) {
        return ORDERABLE.matcher(name).matches() && !name.endsWith(".localhost") && !name.endsWith(".local");
    }
}
