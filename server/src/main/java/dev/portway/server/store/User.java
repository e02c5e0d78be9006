// A stored user account.
package dev.portway.server.store;

/** lastSeenAt: the last sign-in, API call or tunnel link (null if never). */
public record User(String id, String email, String passwordHash, boolean admin, boolean disabled, String createdAt,
                   String lastSeenAt) {

    /** A user not seen yet. */
    public User(String id, String email, String passwordHash, boolean admin, boolean disabled, String createdAt) {
        this(id, email, passwordHash, admin, disabled, createdAt, null);
    }
}
