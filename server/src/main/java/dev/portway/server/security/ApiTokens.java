// Issues and checks API bearer tokens ("pw_<id>_<secret>"). The secret carries 256 random bits, so its SHA-256 is
// all that is stored: a slow KDF would buy nothing against guessing and cost every request. No cache: each check
// reads the store, which stays right when several servers share it.
package dev.portway.server.security;

import dev.portway.server.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

public final class ApiTokens {
    private final Store store;

    public ApiTokens(Store store) {
        this.store = store;
    }

    public String issue(String userId) {
        String id = SecretHasher.randomSecret(9).replace('_', 'x').replace('-', 'y');
        String secret = SecretHasher.randomSecret(32);
        store.createApiToken(id, userId, sha256(secret), Instant.now().toString());
        return "pw_" + id + "_" + secret;
    }

    /** The id of the user the token belongs to, if it is a valid token (the account may be disabled). */
    public Optional<String> authenticate(String token) {
        int sep = token == null || !token.startsWith("pw_") ? -1 : token.indexOf('_', 3);
        if (sep < 0) {
            return Optional.empty();
        }
        byte[] given = sha256(token.substring(sep + 1)).getBytes(StandardCharsets.US_ASCII);
        return store.findApiToken(token.substring(3, sep))
                .filter(t -> MessageDigest.isEqual(given, t.tokenHash().getBytes(StandardCharsets.US_ASCII)))
                .map(Store.ApiTokenRecord::userId);
    }

    public void revoke(String token) {
        int sep = token.indexOf('_', 3);
        if (token.startsWith("pw_") && sep > 0) {
            store.deleteApiToken(token.substring(3, sep));
        }
    }

    /** SHA-256 in hex: the stored form of a token secret, and a cache key for secrets checked elsewhere. */
    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
