// How many live-event streams and API connections the API keeps, so that no user or address can take it down.
package dev.portway.server.config;

public record ApiLimits(
        /* Open GET /api/v1/events streams of one account. */
        int eventStreamsPerUser,
        /* Open event streams from one client address, whoever signed them in (an office behind one NAT address runs
           one app per person: room for a few dozen). */
        int eventStreamsPerAddress,
        /* API connections at once; past it the API stops accepting until one closes. */
        int connections,
        /* API connections at once from one client address; the excess is closed right after accept. */
        int connectionsPerAddress) {

    public static final ApiLimits DEFAULTS = new ApiLimits(10, 50, 1_000, 100);
}
