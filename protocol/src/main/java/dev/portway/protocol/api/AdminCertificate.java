// One certificate the server wants, as GET /api/v1/admin/certificates lists it: where it stands, what the issued one
// says, and what the engine will do next.
package dev.portway.protocol.api;

import java.util.List;

public record AdminCertificate(
        /* A host name, or "*.DOMAIN" for the wildcard (which covers DOMAIN too). */
        String name,
        /* valid, expiring (renewal due: a third of the lifetime or less left, or the CA's time), failed or pending. */
        String state,
        /* The issuing CA's name; null until issued. */
        String issuer,
        /* The names the issued certificate covers; empty until issued. */
        List<String> names,
        String notBefore,
        String notAfter,
        /* The CA's error at the last attempt; null when it worked. */
        String lastError,
        /* When the engine orders again (a renewal, or a retry after an error); null when nothing is planned. */
        String nextAttemptAt,
        /* A renewal was asked for (portway server certificates renew NAME) and has not happened yet. */
        boolean renewRequested) {

    public AdminCertificate {
        names = names == null ? List.of() : List.copyOf(names);
    }
}
