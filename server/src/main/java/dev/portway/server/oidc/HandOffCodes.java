// One-time codes that hand a signed-in visitor from the apex domain's callback to the socket's own name, where the
// session cookie is set: random 256 bits, kept in the store by their SHA-256 (any node redeems them), valid for a
// minute, redeemed once.
package dev.portway.server.oidc;

import dev.portway.server.security.ApiTokens;
import dev.portway.server.security.SecretHasher;
import dev.portway.server.store.VisitorTables;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

final class HandOffCodes {
    static final Duration LIFETIME = Duration.ofMinutes(1);
    /** A code is 43 characters (base64url of 32 bytes): anything longer is no code of ours. */
    static final int MAX_LENGTH = 64;

    private final VisitorTables store;
    private final Clock clock;

    HandOffCodes(VisitorTables store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    String issue(VisitorTables.HandOff handOff) {
        String code = SecretHasher.randomSecret(32);
        store.addCode(ApiTokens.sha256(code), handOff, clock.millis() + LIFETIME.toMillis());
        return code;
    }

    /** The hand-off, if the code is one of ours, unexpired and not redeemed before (by any node). */
    Optional<VisitorTables.HandOff> redeem(String code) {
        if (code == null || code.isEmpty() || code.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        return store.takeCode(ApiTokens.sha256(code), clock.millis());
    }
}
