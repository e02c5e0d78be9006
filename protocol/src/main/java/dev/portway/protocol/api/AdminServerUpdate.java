// Body of PATCH /admin/server: settings an admin may change while the server runs; a missing one is kept.
package dev.portway.protocol.api;

public record AdminServerUpdate(Boolean signup) {
}
