// One stored audit-log line (id 0 before it is stored); see protocol AuditEntry for what the fields mean.
package dev.portway.server.store;

public record AuditRecord(long id, String at, String actorId, String actorEmail, String action, String target,
                          String detail, String remoteAddress) {
}
