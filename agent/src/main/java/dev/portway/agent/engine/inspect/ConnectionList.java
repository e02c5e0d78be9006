// The inspector's list of tcp and tls connections and udp flows: the newest, each in its latest state (an open one
// read live), at most KEEP and none older than MAX_AGE, so a long-running agent's memory stays bounded; the inspector
// server reads it and follows each change.
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Connection;
import dev.portway.agent.engine.LiveConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

public final class ConnectionList {
    /** As many as the exchanges: a person scrolls through them, and each costs a few hundred bytes. */
    public static final int KEEP = ExchangeLog.KEEP;
    public static final Duration MAX_AGE = ExchangeLog.MAX_AGE;

    /** The live connection while it is open (read when listed), its final snapshot once it ended. */
    private final Retained<LiveConnection> byId;
    private final List<Consumer<Connection>> watchers = new CopyOnWriteArrayList<>();

    public ConnectionList() {
        this(KEEP, MAX_AGE, Clock.systemUTC());
    }

    /** keep: the most connections held; maxAge: how long one is held after it was first reported. */
    public ConnectionList(int keep, Duration maxAge, Clock clock) {
        this.byId = new Retained<>(keep, maxAge, clock, id -> { },
                "a connection list keeps at least one connection for some time");
    }

    /**
     * A connection opened (kept live: its counts are read when listed) or ended (its final snapshot takes the live
     * one's place and age); watchers are told its state now.
     */
    public void put(LiveConnection connection) {
        Connection now = connection.now();
        synchronized (this) {
            byId.put(now.id(), now.state() == Connection.State.OPEN ? connection : now);
        }
        watchers.forEach(w -> w.accept(now));
    }

    /** Oldest first, each as it is now. */
    public synchronized List<Connection> all() {
        return byId.values().stream().map(LiveConnection::now).toList();
    }

    public synchronized int size() {
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
}
