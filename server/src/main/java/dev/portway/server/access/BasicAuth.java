// Checks a visitor's "Authorization: Basic …" against a protected socket's user, off the event loop.
// Passwords are hashed with the full password cost, so a verified header is remembered (by a digest that
// includes the stored hash: a new password forgets it) and later requests are checked without the KDF.
// A wrong user name costs the KDF like a wrong password, and names compare in constant time: how long a refusal
// takes must not tell a guesser that the name was right.
package dev.portway.server.access;

import dev.portway.server.security.ApiTokens;
import dev.portway.server.security.SecretHasher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiPredicate;

public final class BasicAuth {
    private static final int MAX_REMEMBERED = 10_000;
    private final Executor blocking;
    private final Map<String, Boolean> verified = new ConcurrentHashMap<>();
    /** (password, stored hash) → whether they match: the KDF. */
    private final BiPredicate<String, String> kdf;

    public BasicAuth(Executor blocking) {
        this(blocking, SecretHasher::verify);
    }

    BasicAuth(Executor blocking, BiPredicate<String, String> kdf) {
        this.blocking = blocking;
        this.kdf = kdf;
    }

    /** Known right: completed at once; otherwise the KDF runs on the blocking pool. */
    public CompletableFuture<Boolean> check(VisitorAccess access, String authorization) {
        String[] userPass = decode(authorization);
        if (userPass == null) {
            return CompletableFuture.completedFuture(false); // not Basic: no name was tried
        }
        // Only a header verified in full is remembered, so a hit says nothing about the name alone.
        String key = ApiTokens.sha256(access.passwordHash() + "\n" + authorization);
        if (verified.containsKey(key)) {
            return CompletableFuture.completedFuture(true);
        }
        boolean rightName = MessageDigest.isEqual(utf8(userPass[0]), utf8(access.username()));
        return CompletableFuture.supplyAsync(() -> {
            // The socket's own hash whatever the name: the same KDF cost as a wrong password, by construction.
            boolean ok = kdf.test(userPass[1], access.passwordHash()) & rightName;
            if (ok) {
                if (verified.size() >= MAX_REMEMBERED) {
                    verified.clear();
                }
                verified.put(key, Boolean.TRUE);
            }
            return ok;
        }, blocking);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** user and password of a Basic header, or null when it is not one. */
    static String[] decode(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String plain = new String(Base64.getDecoder().decode(header.substring(6).strip()),
                    StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            return colon < 0 ? null : new String[]{plain.substring(0, colon), plain.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
