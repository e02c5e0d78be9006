// How much one account may own, and how fast one address may open accounts, so that no one can fill the database
// or the tcp port range.
package dev.portway.server;

import dev.portway.server.security.SignupRate;
import dev.portway.server.store.Quota;

/** portsPerUser: tcp and tls sockets (each holds a dedicated port); an admin may set other limits per account. */
public record AccountLimits(int socketsPerUser, int tunnelsPerSocket, int portsPerUser, SignupRate signupRate) {
    public static final AccountLimits DEFAULTS = new AccountLimits(100, 20, 10, SignupRate.DEFAULT);

    /** The default port quota and sign-up rate, with these socket and tunnel limits. */
    public AccountLimits(int socketsPerUser, int tunnelsPerSocket) {
        this(socketsPerUser, tunnelsPerSocket, DEFAULTS.portsPerUser, DEFAULTS.signupRate);
    }

    /** The per-account defaults, as the store applies them to users an admin set no limits for. */
    public Quota quota() {
        return new Quota(socketsPerUser, portsPerUser);
    }
}
