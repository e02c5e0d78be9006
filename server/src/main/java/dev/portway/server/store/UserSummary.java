// A user with the counts of what they own, for the admin's list.
package dev.portway.server.store;

/** ports: the user's sockets that hold a dedicated port (tcp, tls). */
public record UserSummary(User user, int sockets, int ports, int tunnels) {
}
