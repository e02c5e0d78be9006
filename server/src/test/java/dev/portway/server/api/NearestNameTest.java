// The "did you mean" of an unknown field (typing slips, other spellings of word breaks, parts of longer names), and
// the names it picks from: each body record's wire names, as StrictBody reads them.
package dev.portway.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.AdminServerUpdate;
import dev.portway.protocol.api.AdminUserUpdate;
import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.Credentials;
import dev.portway.protocol.api.UpdateSocket;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NearestNameTest {
    static final List<String> SOCKET = StrictBody.fields(CreateSocket.class).known();

    @Test
    void bodyRecordsKnowTheirWireNamesAndRequiredOnes() {
        assertEquals(List.of("name", "socket_type", "protected", "username", "password", "allow_ips", "subdomain",
                "allowed_emails", "allowed_email_domains"), SOCKET);
        assertEquals(List.of(), StrictBody.fields(CreateSocket.class).required());
        assertEquals(List.of("email", "password"), StrictBody.fields(Credentials.class).required());
        assertEquals(List.of("name", "protected", "username", "password", "allow_ips", "custom_domains", "verify",
                "allowed_emails", "allowed_email_domains"), StrictBody.fields(UpdateSocket.class).known());
        assertTrue(StrictBody.fields(AdminUserUpdate.class).known().containsAll(List.of("disabled", "admin",
                "password", "max_sockets", "max_ports")));
        assertTrue(StrictBody.fields(AdminServerUpdate.class).known().contains("signup"));
    }

    @Test
    void suggestsTheClosestKnownName() {
        assertEquals(Optional.of("allow_ips"), NearestName.among("allowed_ips", SOCKET));
        assertEquals(Optional.of("allow_ips"), NearestName.among("allowIps", SOCKET));
        assertEquals(Optional.of("socket_type"), NearestName.among("type", SOCKET), "part of a longer name");
        assertEquals(Optional.of("socket_type"), NearestName.among("socketType", SOCKET));
        assertEquals(Optional.of("protected"), NearestName.among("is_protected", SOCKET));
        assertEquals(Optional.of("username"), NearestName.among("user", SOCKET));
        assertEquals(Optional.of("password"), NearestName.among("pasword", SOCKET));
        assertEquals(Optional.of("allowed_emails"), NearestName.among("allow_email", SOCKET));
        assertEquals(Optional.of("allowed_emails"), NearestName.among("emails", SOCKET));
        assertEquals(Optional.of("allowed_email_domains"), NearestName.among("allow_email_domain", SOCKET));
        assertEquals(Optional.of("allowed_email_domains"), NearestName.among("email_domains", SOCKET));
        assertEquals(Optional.of("email"), NearestName.among("mail", List.of("email", "password")));
    }

    @Test
    void suggestsNothingWhenNoNameIsClose() {
        assertEquals(Optional.empty(), NearestName.among("colour", SOCKET));
        assertEquals(Optional.empty(), NearestName.among("ab", SOCKET), "too short to be part of a name");
        assertEquals(Optional.empty(), NearestName.among("x".repeat(5000), SOCKET));
    }

    @Test
    void distanceCountsEdits() {
        assertEquals(0, NearestName.distance("same", "same"));
        assertEquals(2, NearestName.distance("allowedips", "allowips"));
        assertEquals(3, NearestName.distance("kitten", "sitting"));
        assertEquals(4, NearestName.distance("", "name"));
    }
}
