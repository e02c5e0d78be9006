// How socket names are given out and proven: the labels nobody may pick under --domain (--reserved-names), and the
// DNS server that custom domains' TXT records are looked up with (--resolver HOST:PORT; null: the system's), and
// the first wait between two looks at a pending domain (5 s; tests that wait for a verification make it shorter).
package dev.portway.server.config;

import java.time.Duration;
import java.util.List;

public record NameRules(List<String> reserved, String resolver, Duration firstCheck) {
    public static final Duration FIRST_CHECK = Duration.ofSeconds(5);
    public static final NameRules DEFAULTS = new NameRules(List.of("api", "admin", "www", "auth", "mail"), null);

    public NameRules {
        reserved = List.copyOf(reserved);
        if (firstCheck.isNegative() || firstCheck.isZero()) {
            throw new IllegalArgumentException("the first check interval must be positive, not " + firstCheck);
        }
    }

    public NameRules(List<String> reserved, String resolver) {
        this(reserved, resolver, FIRST_CHECK);
    }

    /** The same rules with pending domains looked at again this soon at first (then twice as long apart each time). */
    public NameRules withFirstCheck(Duration first) {
        return new NameRules(reserved, resolver, first);
    }
}
