// Sessions signed out before their cookie expires, known in memory on every node: a logout is written to the store
// and each node polls for the others' (never a store query per visitor request). A session is remembered until
// its cookie would have expired anyway.
package dev.portway.server.oidc;

import dev.portway.server.store.VisitorTables;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

final class EndedSessions {
    private static final long LOOKBACK = 100;
    private final VisitorTables store;
    private final Clock clock;
    /** Session id → when its cookie expires (epoch ms). */
    private final Map<String, Long> ended = new ConcurrentHashMap<>();
    private long lastId;
    private long polls;

    EndedSessions(VisitorTables store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    boolean ended(String sessionId) {
        return ended.containsKey(sessionId);
    }

    /** Ends the session here at once, and on the other nodes by their next poll. Blocking (the store). */
    void end(String sessionId, long expiresAt) {
        ended.put(sessionId, expiresAt);
        store.addLogout(sessionId, expiresAt);
    }

    /** Learns the logouts of every node since the last poll, and forgets sessions expired by now. Blocking. */
    synchronized void poll() {
        long now = clock.millis();
        // A little behind the newest id seen: on PostgreSQL an insert may commit after one with a higher id.
        for (VisitorTables.Logout l : store.logoutsAfter(Math.max(0, lastId - LOOKBACK), now)) {
            ended.put(l.sessionId(), l.expiresAt());
            lastId = Math.max(lastId, l.id());
        }
        ended.values().removeIf(expiry -> expiry <= now);
        if (++polls % 300 == 0) {
            store.prune(now);
        }
    }
}
