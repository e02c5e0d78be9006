// Basic auth spends the KDF for a wrong user name exactly as for a wrong password, so the time a refusal takes
// does not tell whether the name exists; only a header verified in full is remembered.
package dev.portway.server.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.reliability.AttackCase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

class BasicAuthTest {
    private static final String HASH = "pbkdf2-sha256$stored";
    private static final VisitorAccess ACCESS = new VisitorAccess(List.of(), "alice", HASH);

    /** The KDF calls made, as "password@hash"; the stand-in KDF accepts only "secret" against HASH. */
    private final List<String> kdfCalls = new ArrayList<>();
    private final BiPredicate<String, String> kdf = (password, hash) -> {
        kdfCalls.add(password + "@" + hash);
        return password.equals("secret") && hash.equals(HASH);
    };
    private final BasicAuth auth = new BasicAuth(Runnable::run, kdf);

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private boolean check(String header) {
        return auth.check(ACCESS, header).join();
    }

    @Test
    @AttackCase(value = "Basic auth: a wrong user name",
            expected = "spends the KDF exactly as a wrong password does; names compared in constant time")
    void aWrongUserNameCostsTheSameKdfAsAWrongPassword() {
        assertFalse(check(basic("mallory", "guess")));
        assertFalse(check(basic("alice", "guess")));
        assertEquals(List.of("guess@" + HASH, "guess@" + HASH), kdfCalls,
                "one KDF run against the socket's hash in both cases");
    }

    @Test
    void theRightPasswordWithAWrongNameIsRefused() {
        assertFalse(check(basic("alic", "secret")));
        assertFalse(check(basic("alice2", "secret")));
        assertFalse(check(basic("mallory", "secret")), "and not remembered as right either");
        assertEquals(3, kdfCalls.size());
    }

    @Test
    void onlyAHeaderVerifiedInFullIsRemembered() {
        assertTrue(check(basic("alice", "secret")));
        assertTrue(check(basic("alice", "secret")));
        assertEquals(1, kdfCalls.size(), "the second check is answered from memory");
        assertFalse(check(basic("alice", "secre")));
        assertEquals(2, kdfCalls.size());
    }

    @Test
    void aHeaderThatIsNotBasicTriesNoName() {
        assertFalse(check("Bearer abc"));
        assertFalse(check(null));
        assertEquals(List.of(), kdfCalls);
    }
}
