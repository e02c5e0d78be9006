// Answer to a login: the bearer token to send as "Authorization: Bearer <token>".
package dev.portway.protocol.api;

public record LoginResponse(String token, String userId, String email) {
}
