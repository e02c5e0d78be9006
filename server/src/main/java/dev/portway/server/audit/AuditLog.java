// Writes the audit log: every admin action and every sign-in, with who, what, target, when and from where.
package dev.portway.server.audit;

import dev.portway.server.store.AuditRecord;
import dev.portway.server.store.Store;
import java.time.Clock;

public final class AuditLog {
    /** The actor of changes made on the server's machine ("portway server admin …"), not through the API. */
    public static final String CLI = "cli";
    /** What a typed email may take of a line: enough to recognise it, not a megabyte of guesses. */
    private static final int MAX_TEXT = 254;

    private final Store store;
    private final Clock clock;

    public AuditLog(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** actorId null when the actor is not a known user; target and detail may be null. */
    public void record(String actorId, String actorEmail, String action, String target, String detail, String from) {
        store.addAudit(new AuditRecord(0, clock.instant().toString(), actorId, clip(actorEmail), action, target,
                detail, from));
    }

    private static String clip(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
    }
}
