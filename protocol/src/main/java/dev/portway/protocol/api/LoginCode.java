// A one-time code that opens the admin page signed in: open SERVER + login_path in a browser within expires_in
// seconds; it works once.
package dev.portway.protocol.api;

public record LoginCode(String code, String loginPath, long expiresIn) {
}
