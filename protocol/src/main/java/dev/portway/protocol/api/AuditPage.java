// A page of the audit log, newest first; next_before is the "before" of the next (older) page, null at the end.
package dev.portway.protocol.api;

import java.util.List;

public record AuditPage(List<AuditEntry> entries, Long nextBefore) {

    public AuditPage {
        entries = List.copyOf(entries);
    }
}
