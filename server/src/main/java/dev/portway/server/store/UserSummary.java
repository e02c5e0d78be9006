// A user with the counts of what they own, for the admin's list.
package dev.portway.server.store;

public record UserSummary(User user, int sockets, int tunnels) {
}
