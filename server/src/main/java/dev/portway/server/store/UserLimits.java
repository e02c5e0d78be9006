// Limits an admin set for one account: null follows the server's default (--max-sockets-per-user,
// --max-ports-per-user).
package dev.portway.server.store;

/** maxSockets: sockets of any type; maxPorts: tcp and tls sockets, each of which holds a dedicated port. */
public record UserLimits(Integer maxSockets, Integer maxPorts) {
    public static final UserLimits DEFAULT = new UserLimits(null, null);

    /** What applies to the account on a server with these defaults. */
    public Quota over(Quota defaults) {
        return new Quota(maxSockets != null ? maxSockets : defaults.sockets(),
                maxPorts != null ? maxPorts : defaults.ports());
    }

    /** "max_sockets 500, max_ports default", for the audit log and the command line. */
    public String describe() {
        return "max_sockets " + (maxSockets == null ? "default" : maxSockets) + ", max_ports "
                + (maxPorts == null ? "default" : maxPorts);
    }
}
