// How much one account may own, and how fast one address may open accounts, so that no one can fill the database
// or the tcp port range, or make the server look up DNS names without end.
package dev.portway.server.config;

import dev.portway.server.security.SignupRate;
import dev.portway.server.store.Quota;

/**
 * portsPerUser: tcp and tls sockets (each holds a dedicated port); an admin may set other limits per account.
 * customDomainsPerSocket, customDomainsPerUser: custom domains on one socket, and over all of an account's sockets.
 */
public record AccountLimits(int socketsPerUser, int tunnelsPerSocket, int portsPerUser, SignupRate signupRate,
                            int customDomainsPerSocket, int customDomainsPerUser) {
    public static final AccountLimits DEFAULTS = new AccountLimits(100, 20, 10, SignupRate.DEFAULT, 10, 20);

    /** The default custom domain limits, with these others. */
    public AccountLimits(int socketsPerUser, int tunnelsPerSocket, int portsPerUser, SignupRate signupRate) {
        this(socketsPerUser, tunnelsPerSocket, portsPerUser, signupRate, DEFAULTS.customDomainsPerSocket,
                DEFAULTS.customDomainsPerUser);
    }

    /** The default port quota and sign-up rate, with these socket and tunnel limits. */
    public AccountLimits(int socketsPerUser, int tunnelsPerSocket) {
        this(socketsPerUser, tunnelsPerSocket, DEFAULTS.portsPerUser, DEFAULTS.signupRate);
    }

    /** These limits with other custom domain limits. */
    public AccountLimits withCustomDomains(int perSocket, int perUser) {
        return new AccountLimits(socketsPerUser, tunnelsPerSocket, portsPerUser, signupRate, perSocket, perUser);
    }

    /** The per-account defaults, as the store applies them to users an admin set no limits for. */
    public Quota quota() {
        return new Quota(socketsPerUser, portsPerUser);
    }
}
