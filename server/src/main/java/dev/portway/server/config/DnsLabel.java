// The rule for one DNS label, as a socket's subdomain and a reserved name must follow it: letters a-z, digits and
// "-", 1 to 63 characters, no hyphen at either end (RFC 1123 host names). Upper case is taken as lower case, since
// DNS ignores case: "MyApp" is the name "myapp", not an error.
package dev.portway.server.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

public final class DnsLabel {
    public static final int MAX_LENGTH = 63;

    private DnsLabel() {
    }

    /**
     * The label in lower case; IllegalArgumentException when it breaks the rule, with a message to follow a subject
     * such as "the subdomain" ("… may not hold \"_\": use letters a-z, digits and hyphens").
     */
    public static String parse(String label) {
        if (label.isEmpty()) {
            throw new IllegalArgumentException("is empty: use 1 to " + MAX_LENGTH
                    + " letters a-z, digits and hyphens");
        }
        if (label.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("has " + label.length() + " characters: a DNS label has at most "
                    + MAX_LENGTH);
        }
        label.codePoints().filter(c -> !allowed(c)).findFirst().ifPresent(c -> {
            throw new IllegalArgumentException(c == '.' ? "may not hold dots: it is one label, the server adds its"
                    + " domain" : "may not hold " + shown(c) + ": use letters a-z, digits and hyphens");
        });
        if (label.startsWith("-") || label.endsWith("-")) {
            throw new IllegalArgumentException("may not start or end with a hyphen");
        }
        return label.toLowerCase(Locale.ROOT);
    }

    /**
     * A flag's comma-separated labels ("api, admin,WWW"), each in lower case; blanks are skipped, so "" is none.
     * IllegalArgumentException names the flag and the label that breaks the rule.
     */
    public static List<String> parseList(String commaList, String flag) {
        return Arrays.stream(commaList.split(",", -1)).map(String::strip).filter(s -> !s.isEmpty()).map(s -> {
            try {
                return parse(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(flag + " takes DNS labels separated by commas; \"" + s + "\" "
                        + e.getMessage());
            }
        }).distinct().toList();
    }

    private static boolean allowed(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    }

    /** A character as a one-line message can show it: spaces and control characters by name or code. */
    private static String shown(int c) {
        if (c == ' ') {
            return "spaces";
        }
        return Character.isISOControl(c) || Character.isWhitespace(c) ? String.format("U+%04X", c)
                : "\"" + Character.toString(c) + "\"";
    }
}
