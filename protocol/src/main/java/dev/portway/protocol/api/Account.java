// A user account as the API shows it; admin tells the apps to offer the server's admin page.
package dev.portway.protocol.api;

/** maxSockets, maxPorts: how many sockets, and tcp/tls sockets (dedicated ports), the account may have. */
public record Account(String userId, String email, String createdAt, boolean admin, Integer maxSockets,
                      Integer maxPorts) {
}
