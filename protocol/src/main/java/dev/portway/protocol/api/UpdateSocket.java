// Body of PATCH /sockets/{id}: every field is optional; a missing one keeps its value.
// allow_ips [] lets any address in; protected false drops username and password.
package dev.portway.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

public record UpdateSocket(
        String name,
        @JsonProperty("protected") Boolean isProtected,
        String username,
        String password,
        List<String> allowIps) {
}
