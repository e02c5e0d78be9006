// A user account as the API shows it.
package dev.portway.protocol.api;

public record Account(String userId, String email, String createdAt) {
}
