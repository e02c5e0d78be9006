// How many failed attempts the server takes before it makes a caller wait (see docs/security.md).
package dev.portway.server.security;

import java.time.Duration;

public final class Limits {
    /** Failed sign-ins per account in LOGIN_WINDOW: a guessing run on one account waits, its owner only briefly. */
    public static final int LOGIN_FAILURES_PER_ACCOUNT = 10;
    /** Failed sign-ins per client address in LOGIN_WINDOW, over all accounts it tries. */
    public static final int LOGIN_FAILURES_PER_ADDRESS = 50;
    public static final Duration LOGIN_WINDOW = Duration.ofMinutes(15);
    /** Admin sign-in links (one-time codes) that did not work, per client address in LOGIN_WINDOW. */
    public static final int LOGIN_CODE_FAILURES_PER_ADDRESS = 10;
    /** Refused tunnel hellos (wrong credential) per client address in TUNNEL_WINDOW. */
    public static final int TUNNEL_FAILURES_PER_ADDRESS = 20;
    public static final Duration TUNNEL_WINDOW = Duration.ofMinutes(5);

    /** Requests for names that are no socket, per client address in NAMES_WINDOW: past it, the address waits. */
    public static final int UNKNOWN_NAMES_PER_ADDRESS = 100;
    public static final Duration NAMES_WINDOW = Duration.ofMinutes(1);

    /** Wrong visitor passwords (protected sockets) per client address in VISITOR_AUTH_WINDOW. */
    public static final int VISITOR_AUTH_FAILURES_PER_ADDRESS = 20;
    public static final Duration VISITOR_AUTH_WINDOW = Duration.ofMinutes(5);

    /**
     * E-mail sign-in steps that failed a check (a missing or forged flow, state or nonce, a code refused by the
     * provider or not ours) per client address in SIGN_IN_WINDOW; past it the address waits before its next callback.
     */
    public static final int SIGN_IN_FAILURES_PER_ADDRESS = 20;
    public static final Duration SIGN_IN_WINDOW = Duration.ofMinutes(5);

    private Limits() {
    }
}
