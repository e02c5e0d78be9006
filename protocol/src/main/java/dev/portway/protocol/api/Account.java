// A user account as the API shows it; admin tells the apps to offer the server's admin page.
package dev.portway.protocol.api;

public record Account(String userId, String email, String createdAt, boolean admin) {
}
