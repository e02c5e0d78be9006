// Body of PATCH /admin/users/{id}: every field is optional; a missing one is left as it is.
package dev.portway.protocol.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * maxSockets, maxPorts: the account's own limits, a whole number, or JSON null for the server's default again. They
 * are JSON nodes because null (back to the default) and missing (unchanged) mean different things.
 */
public record AdminUserUpdate(Boolean disabled, Boolean admin, String password, JsonNode maxSockets,
                              JsonNode maxPorts) {
}
