// A stored user account.
package dev.portway.server.store;

/** lastSeenAt: the last sign-in, API call or tunnel link (null if never); limits: what an admin set for the account. */
public record User(String id, String email, String passwordHash, boolean admin, boolean disabled, String createdAt,
                   String lastSeenAt, UserLimits limits) {

    /** A user on the server's default limits. */
    public User(String id, String email, String passwordHash, boolean admin, boolean disabled, String createdAt,
                String lastSeenAt) {
        this(id, email, passwordHash, admin, disabled, createdAt, lastSeenAt, UserLimits.DEFAULT);
    }

    /** A user not seen yet. */
    public User(String id, String email, String passwordHash, boolean admin, boolean disabled, String createdAt) {
        this(id, email, passwordHash, admin, disabled, createdAt, null);
    }
}
