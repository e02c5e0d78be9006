// Body of "create socket": a display name, a type, optional visitor access settings, and optionally the DNS label
// the owner wants (subdomain: the socket becomes SUBDOMAIN.DOMAIN; absent, the server picks a random name).
// allowed_emails / allowed_email_domains: visitors sign in with the server's identity provider and only these
// addresses (or any address at these domains) get in; http and https sockets only, never with protected.
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
        String subdomain,
        List<String> allowedEmails,
        List<String> allowedEmailDomains) {

    public CreateSocket(String name, String socketType) {
        this(name, socketType, null, null, null, null, null);
    }

    public CreateSocket(String name, String socketType, Boolean isProtected, String username, String password,
                        List<String> allowIps, String subdomain) {
        this(name, socketType, isProtected, username, password, allowIps, subdomain, null, null);
    }

    public CreateSocket(String name, String socketType, Boolean isProtected, String username, String password,
                        List<String> allowIps) {
        this(name, socketType, isProtected, username, password, allowIps, null);
    }
}
