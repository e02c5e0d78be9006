// Which verified addresses a socket's e-mail lists admit: compared in ASCII lower case only, so no look-alike letter
// folds into a listed address or domain.
package dev.portway.server.access;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VisitorAccessTest {
    private final VisitorAccess access = VisitorAccess.of(List.of(), false, null, null, List.of("Kim@Example.com"),
            List.of("Kelvin.Example"));

    @Test
    void asciiCaseIsFoldedAndNothingElse() {
        assertTrue(access.allowsEmail("KIM@example.COM"));
        assertTrue(access.allowsEmail("anyone@KELVIN.example"));
        assertFalse(access.allowsEmail("\u212Aim@example.com"), "the Kelvin sign is not a K");
        assertFalse(access.allowsEmail("anyone@\u212Aelvin.example"));
        assertFalse(access.allowsEmail("kim@example.com.evil"));
    }
}
