// The access flags as the API gets them: comma lists merged with the repeated flags, and what connect changes on
// your own socket it reuses (a password and e-mail sign-in replace each other, what is not named is kept).
package dev.portway.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.UpdateSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AccessOptionsTest {
    private static AccessOptions flags(String... args) {
        return CommandLine.populateCommand(new AccessOptions(), args);
    }

    private static SocketInfo socket(boolean isProtected, List<String> emails, List<String> domains) {
        return new SocketInfo("s1", "home", "home.localhost", "http", "http://home.localhost/", null, null,
                isProtected, isProtected ? "ann" : null, List.of("10.0.0.0/8"), "2026-01-01T00:00:00Z", List.of(),
                List.of(), null, emails, domains);
    }

    @Test
    void theCommaListsJoinTheRepeatedFlags() {
        CreateSocket c = flags("--allow-email", "a@example.com", "--allowed_email_addresses",
                " b@example.com,a@example.com ", "--allowed_email_domains", "example.org").newSocket("n", "http", null);
        assertEquals(List.of("a@example.com", "b@example.com"), c.allowedEmails());
        assertEquals(List.of("example.org"), c.allowedEmailDomains());
        CreateSocket none = flags().newSocket("n", "http", null);
        assertNull(none.allowedEmails(), "not given: the server's default");
        assertNull(none.allowedEmailDomains());
        assertNull(none.isProtected());
    }

    @Test
    void emailFlagsOnAPasswordSocketSwitchItToEmail() {
        UpdateSocket u = flags("--allow-email", "a@example.com").applyTo(socket(true, List.of(), List.of()));
        assertEquals(Boolean.FALSE, u.isProtected());
        assertEquals(List.of("a@example.com"), u.allowedEmails());
        assertEquals(List.of(), u.allowedEmailDomains(), "the e-mail sign-in is replaced as a whole");
        assertNull(u.allowIps(), "not named: kept");
        assertNull(u.name());
    }

    @Test
    void aPasswordOnAnEmailSocketDropsTheEmailSignIn() {
        UpdateSocket u = flags("--protected", "--username", "ann", "--password", "pw")
                .applyTo(socket(false, List.of("a@example.com"), List.of("example.com")));
        assertEquals(Boolean.TRUE, u.isProtected());
        assertEquals("ann", u.username());
        assertEquals("pw", u.password());
        assertEquals(List.of(), u.allowedEmails());
        assertEquals(List.of(), u.allowedEmailDomains());
    }

    @Test
    void anAllowListAloneChangesOnlyTheAllowList() {
        UpdateSocket u = flags("--allow-ip", "127.0.0.1").applyTo(socket(false, List.of("a@example.com"), List.of()));
        assertEquals(List.of("127.0.0.1"), u.allowIps());
        assertNull(u.isProtected());
        assertNull(u.allowedEmails());
        assertNull(u.allowedEmailDomains());
    }
}
