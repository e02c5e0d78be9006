// The lists of e-mail sign-in as a socket stores them: plain addresses and DNS domains, trimmed, lower-cased (the
// edge compares lower case) and without repeats, or the 400 that refuses the list whole.
package dev.portway.server.api;

import dev.portway.protocol.api.ErrorCode;
import dev.portway.server.domains.DomainNames;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

final class EmailAccess {
    static final int MAX_EMAILS = 100;
    static final int MAX_DOMAINS = 100;
    /** RFC 5321's longest path, less its angle brackets. */
    private static final int MAX_ADDRESS = 254;
    private static final int MAX_LOCAL = 64;
    /** A dot-atom local part: quoted ones, comments and commas (the store's separator) never get through. */
    private static final String ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final Pattern LOCAL = Pattern.compile(ATOM + "(\\." + ATOM + ")*");

    private EmailAccess() {
    }

    /** allowed_emails as stored, or 400 invalid_email naming the first bad entry. */
    static List<String> addresses(List<String> requested) {
        if (requested.size() > MAX_EMAILS) {
            throw new ApiException(ErrorCode.INVALID_EMAIL, "at most " + MAX_EMAILS + " addresses in allowed_emails;"
                    + " list a whole domain in allowed_email_domains instead");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String raw : requested) {
            out.add(address(raw));
        }
        return List.copyOf(out);
    }

    /** allowed_email_domains as stored, or 400 invalid_domain naming the first bad entry. */
    static List<String> domains(List<String> requested) {
        if (requested.size() > MAX_DOMAINS) {
            throw new ApiException(ErrorCode.INVALID_DOMAIN, "at most " + MAX_DOMAINS
                    + " domains in allowed_email_domains");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String raw : requested) {
            out.add(domain(raw));
        }
        return List.copyOf(out);
    }

    private static String address(String raw) {
        String email = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        String shown = "\"" + email + "\"";
        int at = email.lastIndexOf('@');
        if (email.length() > MAX_ADDRESS || at < 1 || at > MAX_LOCAL || !LOCAL.matcher(email.substring(0, at))
                .matches()) {
            throw badAddress(email.length() > MAX_ADDRESS ? shown.substring(0, 40) + "…\"" : shown);
        }
        try {
            return email.substring(0, at + 1) + DomainNames.dnsName(email.substring(at + 1), "mail domain",
                    "example.org");
        } catch (IllegalArgumentException e) {
            throw badAddress(shown);
        }
    }

    private static ApiException badAddress(String shown) {
        return new ApiException(ErrorCode.INVALID_EMAIL, shown + " is not a plain e-mail address like"
                + " ann@example.org (at most " + MAX_ADDRESS + " characters, no name or brackets around it)");
    }

    private static String domain(String raw) {
        String name = raw == null ? "" : raw.strip();
        if (name.contains("@")) {
            throw new ApiException(ErrorCode.INVALID_DOMAIN, "\"" + name + "\" is not a domain: "
                    + (name.startsWith("@") ? "give it without the @, like " + name.substring(1)
                    : "list an address in allowed_emails"));
        }
        try {
            return DomainNames.dnsName(name, "mail domain", "example.org");
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_DOMAIN, e.getMessage());
        }
    }
}
