// GET /admin/audit: the audit log, newest first, a page at a time.
package dev.portway.server.api;

import dev.portway.protocol.api.AuditEntry;
import dev.portway.protocol.api.AuditPage;
import dev.portway.server.store.AuditRecord;
import dev.portway.server.store.Store;
import io.javalin.http.Context;
import java.util.List;

final class AuditController {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final Store store;

    AuditController(Store store) {
        this.store = store;
    }

    /** ?before= an entry id (the next_before of the page before), ?limit= 1 to 500 (50). */
    void list(Context ctx) {
        Long before = Requests.longQuery(ctx, "before", 1, Long.MAX_VALUE);
        Long asked = Requests.longQuery(ctx, "limit", 1, MAX_LIMIT);
        int limit = asked == null ? DEFAULT_LIMIT : asked.intValue();
        // One more than asked tells whether an older page exists without a second query.
        List<AuditRecord> rows = store.listAudit(before, limit + 1);
        List<AuditEntry> entries = rows.stream().limit(limit).map(AuditController::view).toList();
        Long next = rows.size() > limit ? entries.get(entries.size() - 1).id() : null;
        ctx.json(new AuditPage(entries, next));
    }

    private static AuditEntry view(AuditRecord r) {
        return new AuditEntry(r.id(), r.at(), r.actorId(), r.actorEmail(), r.action(), r.target(), r.detail(),
                r.remoteAddress());
    }
}
