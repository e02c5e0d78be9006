// Body of "create socket": a display name, a type, and optional visitor access settings.
package dev.portway.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

public record CreateSocket(
        String name,
        String socketType,
        @JsonProperty("protected") Boolean isProtected,
        String username,
        String password,
        List<String> allowIps) {

    public CreateSocket(String name, String socketType) {
        this(name, socketType, null, null, null, null);
    }
}
