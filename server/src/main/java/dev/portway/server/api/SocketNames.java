// The name a new socket gets under --domain: the subdomain its owner picked, held to DNS's rule and kept off the
// reserved names (--reserved-names), or a random one that never lands on a reserved name either. Whether a name is
// free the store's unique index decides, on every node at once.
package dev.portway.server.api;

import dev.portway.protocol.api.ErrorCode;
import dev.portway.server.config.DnsLabel;
import dev.portway.server.config.NameRules;
import dev.portway.server.store.NameGenerator;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

final class SocketNames {
    /** Draws before giving up, should an operator reserve a great many random-looking names. */
    private static final int RANDOM_DRAWS = 1000;

    private final NameGenerator generator;
    private final Set<String> reserved;
    private final String domain;

    SocketNames(NameGenerator generator, NameRules rules, String domain) {
        this.generator = generator;
        this.reserved = rules.reserved().stream().map(r -> r.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.domain = domain;
    }

    /** SUBDOMAIN.DOMAIN in lower case; 400 invalid_subdomain when it is no DNS label, 409 name_taken if reserved. */
    String chosen(String subdomain) {
        String label;
        try {
            label = DnsLabel.parse(subdomain);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_SUBDOMAIN, "the subdomain " + e.getMessage());
        }
        if (reserved.contains(label)) {
            throw new ApiException(ErrorCode.NAME_TAKEN, label + "." + domain
                    + " is reserved on this server; pick another subdomain");
        }
        return label + "." + domain;
    }

    /** A random NAME.DOMAIN whose label is not reserved; the caller draws again when the store has it already. */
    String random() {
        for (int i = 0; i < RANDOM_DRAWS; i++) {
            String label = generator.next();
            if (!reserved.contains(label)) {
                return label + "." + domain;
            }
        }
        throw new ApiException(ErrorCode.INTERNAL, "could not find a free name; try again");
    }
}
