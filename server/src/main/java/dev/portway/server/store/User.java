// A stored user account.
package dev.portway.server.store;

public record User(String id, String email, String passwordHash, boolean admin, boolean disabled, String createdAt) {
}
