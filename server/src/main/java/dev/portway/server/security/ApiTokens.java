// Issues and checks API bearer tokens ("pw_<id>_<secret>"): only a KDF hash is stored; checks are cached briefly.
package dev.portway.server.security;

import dev.portway.server.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class ApiTokens {
    private static final long CACHE_MILLIS = 60_000;
    private static final int CACHE_MAX = 10_000;

    private final Store store;
    /** SHA-256 of a token already checked with the KDF → its owner, so each request does not pay the KDF again. */
    private final Map<String, Cached> verified = new ConcurrentHashMap<>();

    public ApiTokens(Store store) {
        this.store = store;
    }

    private record Cached(String userId, long until) {
    }

    public String issue(String userId) {
        String id = SecretHasher.randomSecret(9).replace('_', 'x').replace('-', 'y');
        String secret = SecretHasher.randomSecret(32);
        store.createApiToken(id, userId, SecretHasher.hash(secret, SecretHasher.TOKEN_ITERATIONS),
                Instant.now().toString());
        return "pw_" + id + "_" + secret;
    }

    /** The user id the token belongs to, if it is a valid token. */
    public Optional<String> authenticate(String token) {
        if (token == null || !token.startsWith("pw_")) {
            return Optional.empty();
        }
        String key = sha256(token);
        Cached hit = verified.get(key);
        long now = System.currentTimeMillis();
        if (hit != null && hit.until > now) {
            return active(hit.userId);
        }
        int sep = token.indexOf('_', 3);
        if (sep < 0) {
            return Optional.empty();
        }
        String id = token.substring(3, sep);
        String secret = token.substring(sep + 1);
        Optional<String> user = store.findApiToken(id)
                .filter(t -> SecretHasher.verify(secret, t.tokenHash()))
                .map(Store.ApiTokenRecord::userId);
        user.ifPresent(u -> {
            if (verified.size() > CACHE_MAX) {
                verified.clear();
            }
            verified.put(key, new Cached(u, now + CACHE_MILLIS));
        });
        return user.flatMap(this::active);
    }

    /** A disabled account's tokens stop working at once, cached or not. */
    private Optional<String> active(String userId) {
        return store.findUser(userId).filter(u -> !u.disabled()).map(dev.portway.server.store.User::id);
    }

    public void revoke(String token) {
        verified.remove(sha256(token));
        int sep = token.indexOf('_', 3);
        if (token.startsWith("pw_") && sep > 0) {
            store.deleteApiToken(token.substring(3, sep));
        }
    }

    /** A fast digest for cache keys of secrets already verified with the KDF; never stored. */
    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
