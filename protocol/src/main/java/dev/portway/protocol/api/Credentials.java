// Body of sign-up and login: an email and a password.
package dev.portway.protocol.api;

public record Credentials(String email, String password) {
}
