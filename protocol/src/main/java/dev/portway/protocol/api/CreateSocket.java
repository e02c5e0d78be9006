// Body of "create socket": a display name, a type, optional visitor access settings, and optionally the DNS label
// the owner wants (subdomain: the socket becomes SUBDOMAIN.DOMAIN; absent, the server picks a random name).
package dev.portway.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

public record CreateSocket(
        String name,
        String socketType,
        @JsonProperty("protected") Boolean isProtected,
        String username,
        String password,
        List<String> allowIps,
        String subdomain) {

    public CreateSocket(String name, String socketType) {
        this(name, socketType, null, null, null, null, null);
    }

    public CreateSocket(String name, String socketType, Boolean isProtected, String username, String password,
                        List<String> allowIps) {
        this(name, socketType, isProtected, username, password, allowIps, null);
    }
}
