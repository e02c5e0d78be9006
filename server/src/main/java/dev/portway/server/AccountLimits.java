// How much one account may own, so that no account can fill the database or the tcp port range.
package dev.portway.server;

public record AccountLimits(int socketsPerUser, int tunnelsPerSocket) {
    public static final AccountLimits DEFAULTS = new AccountLimits(100, 20);
}
