// How socket names are given out and proven: the labels nobody may pick under --domain (--reserved-names), and the
// DNS server that custom domains' TXT records are looked up with (--resolver HOST:PORT; null: the system's).
package dev.portway.server.config;

import java.util.List;

public record NameRules(List<String> reserved, String resolver) {
    public static final NameRules DEFAULTS = new NameRules(List.of("api", "admin", "www", "auth", "mail"), null);

    public NameRules {
        reserved = List.copyOf(reserved);
    }
}
