// What a custom domain may be: a DNS name of the user's own (RFC 1123 labels), neither an address nor a wildcard,
// nor a name under the server's --domain (those are sockets' names, given out by the server). The same DNS-name rules
// check the domains of e-mail sign-in.
package dev.portway.server.domains;

import java.util.Locale;
import java.util.regex.Pattern;

public final class DomainNames {
    private static final int MAX_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** The record that proves a name: the name with this label in front. */
    public static final String TXT_LABEL = "_portway.";

    private DomainNames() {
    }

    /** The name lower-cased, without a trailing dot; IllegalArgumentException saying why it is no custom domain. */
    public static String valid(String raw, String serverDomain) {
        String name = dnsName(raw, "custom domain", "app.example.org");
        String domain = serverDomain.toLowerCase(Locale.ROOT);
        if (name.equals(domain) || name.endsWith("." + domain)) {
            throw new IllegalArgumentException(shown(raw) + " is this server's domain " + domain + " or under it;"
                    + " sockets have those names already");
        }
        return name;
    }

    /**
     * Any DNS name of at least two labels (a custom domain, the domain of an e-mail address), lower-cased and without
     * a trailing dot; the IllegalArgumentException says why not, calling it a "what", like example.
     */
    public static String dnsName(String raw, String what, String example) {
        String name = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        String shown = shown(raw);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a " + what + " must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the " + what + " " + shown.substring(0, 40) + "…\" is longer than "
                    + MAX_LENGTH + " characters");
        }
        if (name.contains("*")) {
            throw new IllegalArgumentException(shown + " is a wildcard; add each name on its own");
        }
        if (name.contains(":") || name.matches("[0-9.]+")) {
            throw new IllegalArgumentException(shown + " is an IP address; a " + what + " is a DNS name");
        }
        if (!name.chars().allMatch(c -> c < 128)) {
            throw new IllegalArgumentException(shown + " has characters outside ASCII; give an international name"
                    + " in its xn-- (punycode) form");
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            throw new IllegalArgumentException(shown + " is a single label; a " + what + " has a dot, like "
                    + example);
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException(shown + " is not a valid DNS name: each dot-separated label has"
                        + " 1 to 63 letters, digits or hyphens, and neither starts nor ends with a hyphen");
            }
        }
        return name;
    }

    private static String shown(String raw) {
        return "\"" + (raw == null ? "" : raw.strip()) + "\"";
    }

    /** The name of the TXT record that proves name. */
    public static String txtName(String name) {
        return TXT_LABEL + name;
    }
}
