// How a certificate's issuer is named to people: its common name with its organisation, other text as it is.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IssuerNameTest {
    @Test
    void theCommonNameWithItsOrganisation() {
        assertEquals("R11 (Let's Encrypt)", IssuerName.of("CN=R11,O=Let's Encrypt,C=US"));
        assertEquals("Pebble Intermediate CA 32cb2e", IssuerName.of("CN=Pebble Intermediate CA 32cb2e"));
        assertEquals("Example Org CA", IssuerName.of("CN=Example Org CA,O=Example Org"));
        assertEquals("Example Org", IssuerName.of("OU=Certs,O=Example Org"));
        assertEquals("a, b", IssuerName.of("CN=a\\, b"), "an escaped comma is part of the name");
    }

    @Test
    void otherTextAsIs() {
        assertEquals("Pebble Intermediate CA", IssuerName.of("Pebble Intermediate CA"));
        assertEquals("C=US", IssuerName.of("C=US"));
        assertEquals("unknown issuer", IssuerName.of(null));
    }
}
