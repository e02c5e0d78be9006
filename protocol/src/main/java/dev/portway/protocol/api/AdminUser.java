// A user as the admin API lists it: what they own, whether they may sign in, and when they were last seen.
package dev.portway.protocol.api;

public record AdminUser(
        String userId,
        String email,
        boolean admin,
        boolean disabled,
        String createdAt,
        /* The last sign-in, API call (at most a minute off) or tunnel link; null if never. */
        String lastSeenAt,
        int sockets,
        int tunnels,
        int tunnelsOnline,
        /* Sockets holding a dedicated port (tcp, tls). */
        int ports,
        /* The limits in force for this account: its own if an admin set them, else the server's defaults. */
        int maxSockets,
        int maxPorts,
        /* What an admin set for this account; null (left out) where the server's default applies. */
        Integer ownMaxSockets,
        Integer ownMaxPorts) {
}
