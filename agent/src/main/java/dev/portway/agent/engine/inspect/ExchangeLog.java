// The inspector's memory: the newest exchanges, each in its latest state, at most KEEP of them; the local inspector
// server reads it and is told of each change, and the tunnels of a process feed it under ids of its own.
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.LocalTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

public final class ExchangeLog {
    public static final int KEEP = 500;

    private final int keep;
    private final Map<Long, Exchange> byId = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Exchange> eldest) {
            if (size() > keep) {
                targets.remove(eldest.getKey());
                return true;
            }
            return false;
        }
    };
    /** The local service each fed exchange went to: where its replay goes. */
    private final Map<Long, LocalTarget> targets = new LinkedHashMap<>();
    /** Where an exchange with no service of its own (an imported one) is replayed: the first tunnel's. */
    private LocalTarget firstTarget;
    private long lastId;
    private final List<Consumer<Exchange>> watchers = new CopyOnWriteArrayList<>();

    public ExchangeLog() {
        this(KEEP);
    }

    public ExchangeLog(int keep) {
        this.keep = keep;
    }

    /** A new exchange goes last; a later snapshot of one already here takes its place. */
    public void put(Exchange e) {
        synchronized (this) {
            byId.put(e.id(), e);
            lastId = Math.max(lastId, e.id());
        }
        watchers.forEach(w -> w.accept(e));
    }

    /** Adds an exchange under a new id of this log (an import, a replay's answer); answers it as kept. */
    public Exchange add(Exchange e, LocalTarget target) {
        Exchange kept;
        synchronized (this) {
            kept = withId(e, ++lastId);
            byId.put(kept.id(), kept);
            if (target != null) {
                targets.put(kept.id(), target);
            }
        }
        watchers.forEach(w -> w.accept(kept));
        return kept;
    }

    /**
     * What one tunnel reports its exchanges to: each tunnel numbers its own from 1, so several in one process are
     * given ids of this log (a later snapshot keeps the id its first one got).
     */
    public Consumer<Exchange> feed(LocalTarget target) {
        synchronized (this) {
            if (firstTarget == null) {
                firstTarget = target;
            }
        }
        Map<Long, Long> ids = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
                return size() > keep;
            }
        };
        return e -> {
            Exchange kept;
            synchronized (this) {
                Long id = ids.get(e.id());
                if (id == null) {
                    id = ++lastId;
                    ids.put(e.id(), id);
                }
                kept = withId(e, id);
                byId.put(id, kept);
                targets.put(id, target);
            }
            watchers.forEach(w -> w.accept(kept));
        };
    }

    /** Oldest first. */
    public synchronized List<Exchange> all() {
        return new ArrayList<>(byId.values());
    }

    public synchronized Optional<Exchange> find(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Where the exchange's replay goes: its tunnel's service, else the first tunnel's; empty with no tunnel. */
    public synchronized Optional<LocalTarget> target(long id) {
        return Optional.ofNullable(targets.getOrDefault(id, firstTarget));
    }

    public synchronized void clear() {
        byId.clear();
        targets.clear();
    }

    /** Told of each exchange put, added or fed, on the thread that did it; the returned action stops it. */
    public Runnable watch(Consumer<Exchange> watcher) {
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    private static Exchange withId(Exchange e, long id) {
        return e.id() == id ? e : new Exchange(id, e.start(), e.state(), e.method(), e.target(), e.httpVersion(),
                e.requestHeaders(), e.requestBody(), e.status(), e.reason(), e.responseHeaders(), e.responseBody(),
                e.durationMillis(), e.failure(), e.upgradedBytesIn(), e.upgradedBytesOut());
    }
}
