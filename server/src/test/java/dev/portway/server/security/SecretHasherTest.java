// PBKDF2 hashes verify the right secret only, are salted, and record their cost.
package dev.portway.server.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretHasherTest {
    @Test
    void verifiesOnlyTheRightSecret() {
        String hash = SecretHasher.hash("correct horse", 1000);
        assertTrue(SecretHasher.verify("correct horse", hash));
        assertFalse(SecretHasher.verify("correct hors", hash));
        assertFalse(SecretHasher.verify("correct horse", "md5$nonsense"));
    }

    @Test
    void isSaltedAndStoresItsCost() {
        String a = SecretHasher.hash("same", 1000);
        String b = SecretHasher.hash("same", 1000);
        assertNotEquals(a, b);
        assertTrue(a.startsWith("pbkdf2-sha256$1000$"), a);
        assertFalse(a.contains("same"));
    }
}
