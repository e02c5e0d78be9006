// Body of PATCH /sockets/{id}: every field is optional; a missing one keeps its value.
// allow_ips [] lets any address in; protected false drops username and password.
// allowed_emails / allowed_email_domains: null keeps, [] empties (both empty: no e-mail sign-in).
// custom_domains is the whole new list of the socket's own domains (names kept keep their status; new ones start
// pending; [] removes them all); verify true checks every pending or failed domain again now.
package dev.portway.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

public record UpdateSocket(
        String name,
        @JsonProperty("protected") Boolean isProtected,
        String username,
        String password,
        List<String> allowIps,
        List<String> customDomains,
        Boolean verify,
        List<String> allowedEmails,
        List<String> allowedEmailDomains) {

    public UpdateSocket(String name, Boolean isProtected, String username, String password, List<String> allowIps) {
        this(name, isProtected, username, password, allowIps, null, null);
    }

    public UpdateSocket(String name, Boolean isProtected, String username, String password, List<String> allowIps,
                        List<String> customDomains, Boolean verify) {
        this(name, isProtected, username, password, allowIps, customDomains, verify, null, null);
    }
}
