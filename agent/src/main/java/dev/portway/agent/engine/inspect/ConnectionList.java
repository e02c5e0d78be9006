// The inspector's list of tcp and tls connections and udp flows: the newest, each in its latest state (an open one
// read live), at most KEEP and none older than MAX_AGE, so a long-running agent's memory stays bounded; the inspector
// server reads it and follows each change.
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Connection;
import dev.portway.agent.engine.LiveConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

public final class ConnectionList {
    /** As many as the exchanges: a person scrolls through them, and each costs a few hundred bytes. */
    public static final int KEEP = ExchangeLog.KEEP;
    public static final Duration MAX_AGE = ExchangeLog.MAX_AGE;

    private final int keep;
    private final Duration maxAge;
    private final Clock clock;
    /** In the order each connection opened here, with when: the eldest goes first, by count or by age. */
    private final Map<Long, Held> byId = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Held> eldest) {
            return size() > keep;
        }
    };
    private final List<Consumer<Connection>> watchers = new CopyOnWriteArrayList<>();

    /** connection: the live one while it is open (read when listed), its final snapshot once it ended. */
    private record Held(LiveConnection connection, Instant since) {
    }

    public ConnectionList() {
        this(KEEP, MAX_AGE, Clock.systemUTC());
    }

    /** keep: the most connections held; maxAge: how long one is held after it was first reported. */
    public ConnectionList(int keep, Duration maxAge, Clock clock) {
        if (keep < 1 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("a connection list keeps at least one connection for some time");
        }
        this.keep = keep;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /**
     * A connection opened (kept live: its counts are read when listed) or ended (its final snapshot takes the live
     * one's place and age); watchers are told its state now.
     */
    public void put(LiveConnection connection) {
        Connection now = connection.now();
        synchronized (this) {
            Instant at = clock.instant();
            Held old = byId.get(now.id());
            byId.put(now.id(), new Held(now.state() == Connection.State.OPEN ? connection : now,
                    old == null ? at : old.since()));
            expire(at);
        }
        watchers.forEach(w -> w.accept(now));
    }

    /** Oldest first, each as it is now. */
    public synchronized List<Connection> all() {
        expire(clock.instant());
        List<Connection> all = new ArrayList<>(byId.size());
        byId.values().forEach(h -> all.add(h.connection().now()));
        return all;
    }

    public synchronized int size() {
        expire(clock.instant());
        return byId.size();
    }

    public synchronized void clear() {
        byId.clear();
    }

    /** Told of each connection put, on the thread that put it; the returned action stops it. */
    public Runnable watch(Consumer<Connection> watcher) {
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    private void expire(Instant now) {
        Instant oldest = now.minus(maxAge);
        for (Iterator<Held> it = byId.values().iterator(); it.hasNext(); ) {
            if (!it.next().since().isBefore(oldest)) {
                return; // held in arrival order: the rest are younger
            }
            it.remove();
        }
    }
}
