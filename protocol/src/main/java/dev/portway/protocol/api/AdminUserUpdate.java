// Body of PATCH /admin/users/{id}: every field is optional; a missing one is left as it is.
package dev.portway.protocol.api;

public record AdminUserUpdate(Boolean disabled, Boolean admin, String password) {
}
