// One-time codes that open the admin page signed in (minted by the app for its admin): random, single use, valid for
// LIFETIME, kept only as hashes and only in memory. A code is worth a minute, so losing them in a restart costs a
// click; in a cluster it is redeemed at the node that minted it (the app and its browser reach the same server).
package dev.portway.server.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class LoginCodes {
    public static final Duration LIFETIME = Duration.ofSeconds(60);
    /** Live codes a user may hold at once: a few clicks of Admin, not a stockpile. */
    public static final int OUTSTANDING_PER_USER = 3;
    /** Longer codes are no code of ours: refused before hashing. */
    private static final int MAX_CODE = 100;

    private record Pending(String userId, Instant expires) {
    }

    private final Map<String, Pending> byHash = new ConcurrentHashMap<>();
    private final Clock clock;

    public LoginCodes(Clock clock) {
        this.clock = clock;
    }

    /** A new code for the user, or empty while they hold OUTSTANDING_PER_USER live ones already. */
    public synchronized Optional<String> issue(String userId) {
        Instant now = clock.instant();
        byHash.values().removeIf(p -> !now.isBefore(p.expires()));
        if (byHash.values().stream().filter(p -> p.userId().equals(userId)).count() >= OUTSTANDING_PER_USER) {
            return Optional.empty();
        }
        String code = SecretHasher.randomSecret(32);
        byHash.put(ApiTokens.sha256(code), new Pending(userId, now.plus(LIFETIME)));
        return Optional.of(code);
    }

    /** How long until the user's oldest live code expires (and they may have another). */
    public Duration untilNext(String userId) {
        Instant now = clock.instant();
        return byHash.values().stream().filter(p -> p.userId().equals(userId)).map(Pending::expires).min(
                Instant::compareTo).map(e -> Duration.between(now, e)).filter(d -> !d.isNegative())
                .orElse(Duration.ZERO);
    }

    /** The user the code was issued to, if it is live; used or not, the code is gone after this call. */
    public Optional<String> redeem(String code) {
        if (code == null || code.isEmpty() || code.length() > MAX_CODE) {
            return Optional.empty();
        }
        Pending p = byHash.remove(ApiTokens.sha256(code));
        return p == null || !clock.instant().isBefore(p.expires()) ? Optional.empty() : Optional.of(p.userId());
    }
}
