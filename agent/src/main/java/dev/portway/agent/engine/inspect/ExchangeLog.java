// The inspector's memory: the newest exchanges, each in its latest state, at most KEEP of them and none older than
// MAX_AGE, so a long-running agent's memory stays bounded (each body is bounded by its capture limit); the local
// inspector server reads it and is told of each change, and the tunnels of a process feed it under ids of its own.
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.LocalTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

public final class ExchangeLog {
    /** What the app's pane lists and a person scrolls through; with two 64 KiB bodies each, at most ~64 MiB. */
    public static final int KEEP = 500;
    /** A debugging session's worth: older exchanges go even when fewer than KEEP came since. */
    public static final Duration MAX_AGE = Duration.ofHours(1);
    /**
     * How long a call to the API counts as someone looking: heads and bodies are captured (from the next request)
     * while someone looks, since decoding every exchange costs the data path a third of its requests per second.
     */
    public static final Duration LOOKED_FOR = Duration.ofMinutes(10);
    private static final long LOOKED_FOR_MILLIS = LOOKED_FOR.toMillis();

    private final int keep;
    private final Clock clock;
    /** Each exchange in its latest state; what is known of one besides goes with it (forget). */
    private final Retained<Exchange> byId;
    /** The local service each fed exchange went to: where its replay goes. */
    private final Map<Long, LocalTarget> targets = new LinkedHashMap<>();
    /** A replay's answer: the id of the exchange it replays. */
    private final Map<Long, Long> replayOf = new HashMap<>();
    /** The exchanges read from a HAR file rather than seen through a tunnel. */
    private final Set<Long> imported = new HashSet<>();
    /** Where an exchange with no service of its own (an imported one) is replayed: the first tunnel's. */
    private LocalTarget firstTarget;
    private long lastId;
    private final List<Consumer<Exchange>> watchers = new CopyOnWriteArrayList<>();
    /** Told as watchers are, but not counted as someone looking (the app's pane, whose capture has its own switch). */
    private final List<Consumer<Exchange>> followers = new CopyOnWriteArrayList<>();
    /** When the API was last called (clock millis); MIN_VALUE when never or over LOOKED_FOR ago (no clock read). */
    private final AtomicLong lookedAt = new AtomicLong(Long.MIN_VALUE);

    /** A fed exchange not ended yet: its id in this log; upgraded: answered 101, its end still to be reported. */
    private record Open(long id, boolean upgraded) {
    }

    public ExchangeLog() {
        this(KEEP);
    }

    public ExchangeLog(int keep) {
        this(keep, MAX_AGE, Clock.systemUTC());
    }

    /** keep: the most exchanges held; maxAge: how long one is held after it first came. */
    public ExchangeLog(int keep, Duration maxAge, Clock clock) {
        this.byId = new Retained<>(keep, maxAge, clock, this::forget,
                "an exchange log keeps at least one exchange for some time");
        this.keep = keep;
        this.clock = clock;
    }

    /** A new exchange goes last; a later snapshot of one already here takes its place (and keeps its age). */
    public void put(Exchange e) {
        synchronized (this) {
            hold(e.id(), e);
            lastId = Math.max(lastId, e.id());
        }
        watchers.forEach(w -> w.accept(e));
        followers.forEach(w -> w.accept(e));
    }

    /** Adds an exchange under a new id of this log (an import, a replay's answer); answers it as kept. */
    public Exchange add(Exchange e, LocalTarget target) {
        return add(e, target, 0, false);
    }

    /** Adds a replay's answer under a new id, remembering the id of the exchange it replays (replayOf(id)). */
    public Exchange add(Exchange e, LocalTarget target, long replayOf) {
        return add(e, target, replayOf, false);
    }

    /** Adds an exchange read from a HAR file under a new id (imported(id)); it replays to the first tunnel's. */
    public Exchange addImported(Exchange e) {
        return add(e, null, 0, true);
    }

    private Exchange add(Exchange e, LocalTarget target, long replays, boolean fromHar) {
        Exchange kept;
        synchronized (this) {
            kept = withId(e, ++lastId);
            // Marked before it is held and before the watchers hear of it: their summaries say what it is.
            if (replays > 0) {
                replayOf.put(kept.id(), replays);
            }
            if (fromHar) {
                imported.add(kept.id());
            }
            hold(kept.id(), kept);
            if (target != null) {
                targets.put(kept.id(), target);
            }
        }
        watchers.forEach(w -> w.accept(kept));
        followers.forEach(w -> w.accept(kept));
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
        return new Feed(target);
    }

    /**
     * One tunnel's feed: its own ids to this log's. A long poll or a WebSocket may end after many newer exchanges:
     * while it is open its id is kept however many came since (bounded by the connections open), so its end updates
     * its row rather than add one; of the ended ones, the newest KEEP are remembered.
     */
    private final class Feed implements Consumer<Exchange> {
        private final LocalTarget target;
        private final Map<Long, Open> open = new HashMap<>();
        private final Map<Long, Long> ended = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
                return size() > keep;
            }
        };

        Feed(LocalTarget target) {
            this.target = target;
        }

        @Override
        public void accept(Exchange e) {
            Exchange kept;
            synchronized (ExchangeLog.this) {
                Open was = open.remove(e.id());
                Long id = was != null ? Long.valueOf(was.id()) : ended.remove(e.id());
                if (id == null) {
                    id = ++lastId;
                }
                // An upgrade is reported answered (101), then again when the connection ends.
                boolean upgradeOpen = e.state() == Exchange.State.DONE && e.upgraded()
                        && (was == null || !was.upgraded());
                if (e.state() == Exchange.State.PENDING || upgradeOpen) {
                    open.put(e.id(), new Open(id, upgradeOpen));
                } else {
                    ended.put(e.id(), id);
                }
                kept = withId(e, id);
                hold(id, kept);
                targets.put(id, target);
            }
            watchers.forEach(w -> w.accept(kept));
            followers.forEach(w -> w.accept(kept));
        }
    }

    /** For tests of its bounds: the ids a feed (from feed()) remembers, open and ended. */
    synchronized int idsRemembered(Consumer<Exchange> feed) {
        Feed f = (Feed) feed;
        return f.open.size() + f.ended.size();
    }

    /** For tests of its bounds: the exchanges whose replay target is remembered. */
    synchronized int targetsRemembered() {
        return targets.size();
    }

    /** Oldest first. */
    public synchronized List<Exchange> all() {
        return byId.values();
    }

    /** Oldest first, those that hold the text (ExchangeSearch): in a body, a header, the path. */
    public List<Exchange> search(String needle) {
        return all().stream().filter(e -> ExchangeSearch.matches(e, needle)).toList();
    }

    public synchronized int size() {
        return byId.size();
    }

    public synchronized Optional<Exchange> find(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Where the exchange's replay goes: its tunnel's service, else the first tunnel's; empty with no tunnel. */
    public synchronized Optional<LocalTarget> target(long id) {
        return Optional.ofNullable(targets.getOrDefault(id, firstTarget));
    }

    /** Where imported exchanges (and saved sets) replay: the first tunnel's service; empty with no tunnel. */
    public synchronized Optional<LocalTarget> firstTarget() {
        return Optional.ofNullable(firstTarget);
    }

    /** The id of the exchange that this one, a replay's answer, replays; empty for any other. */
    public synchronized OptionalLong replayOf(long id) {
        Long of = replayOf.get(id);
        return of == null ? OptionalLong.empty() : OptionalLong.of(of);
    }

    /** Whether the exchange was read from a HAR file. */
    public synchronized boolean imported(long id) {
        return imported.contains(id);
    }

    /** Forgets everything, the first tunnel's service too (the next user's imports do not go to the last one's). */
    public synchronized void clear() {
        firstTarget = null;
        byId.clear();
        targets.clear();
        replayOf.clear();
        imported.clear();
    }

    /** Told of each exchange put, added or fed, on the thread that did it; the returned action stops it. */
    public Runnable watch(Consumer<Exchange> watcher) {
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    /**
     * Told of each exchange as a watcher is, without counting as someone looking: the app's own pane follows the log
     * all the time, and capture there has a switch of its own. The returned action stops it.
     */
    public Runnable follow(Consumer<Exchange> follower) {
        followers.add(follower);
        return () -> followers.remove(follower);
    }

    /** Someone called the inspector's API (a page, a script): capture is wanted for LOOKED_FOR from now. */
    public void lookedAt() {
        lookedAt.set(clock.millis());
    }

    /** Whether someone looks: an events client follows the log, or the API was called within LOOKED_FOR. */
    public boolean watched() {
        // Asked as each request starts on an idle connection: with nobody looking, two volatile reads and no clock.
        if (!watchers.isEmpty()) {
            return true;
        }
        long since = lookedAt.get();
        if (since == Long.MIN_VALUE) {
            return false;
        }
        if (clock.millis() - since < LOOKED_FOR_MILLIS) {
            return true;
        }
        lookedAt.compareAndSet(since, Long.MIN_VALUE); // a look in the meantime wins
        return false;
    }

    private void hold(long id, Exchange e) {
        byId.put(id, e);
    }

    /** What is known of an exchange besides itself, dropped with it. */
    private void forget(long id) {
        targets.remove(id);
        replayOf.remove(id);
        imported.remove(id);
    }

    private static Exchange withId(Exchange e, long id) {
        return e.id() == id ? e : new Exchange(id, e.start(), e.state(), e.method(), e.target(), e.httpVersion(),
                e.requestHeaders(), e.requestBody(), e.status(), e.reason(), e.responseHeaders(), e.responseBody(),
                e.durationMillis(), e.failure(), e.upgradedBytesIn(), e.upgradedBytesOut());
    }
}
