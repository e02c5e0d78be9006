// What the inspector holds of one kind (exchanges, connections): the newest by id, in the order each first came, at
// most keep of them and none held longer than maxAge since it first came, so a long-running agent's memory stays
// bounded. Not thread-safe: its owner locks around it.
package dev.portway.agent.engine.inspect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

final class Retained<V> {
    private final int keep;
    private final Duration maxAge;
    private final Clock clock;
    /** Told of each id dropped, by count or by age: what the owner knows of it besides the value goes too. */
    private final LongConsumer dropped;
    private final Map<Long, Held<V>> byId = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Held<V>> eldest) {
            if (size() > keep) {
                dropped.accept(eldest.getKey());
                return true;
            }
            return false;
        }
    };

    private record Held<V>(V value, Instant since) {
    }

    /** refusal: the owner's words for a keep or maxAge that would hold nothing. */
    Retained(int keep, Duration maxAge, Clock clock, LongConsumer dropped, String refusal) {
        if (keep < 1 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException(refusal);
        }
        this.keep = keep;
        this.maxAge = maxAge;
        this.clock = clock;
        this.dropped = dropped;
    }

    /** A new value goes last; a later one of an id held takes its place and keeps its age. */
    void put(long id, V value) {
        Instant now = clock.instant();
        Held<V> old = byId.get(id);
        byId.put(id, new Held<>(value, old == null ? now : old.since()));
        expire(now);
    }

    /** Null when not held (or too old). */
    V get(long id) {
        expire(clock.instant());
        Held<V> held = byId.get(id);
        return held == null ? null : held.value();
    }

    /** Oldest first. */
    List<V> values() {
        expire(clock.instant());
        List<V> all = new ArrayList<>(byId.size());
        byId.values().forEach(h -> all.add(h.value()));
        return all;
    }

    int size() {
        expire(clock.instant());
        return byId.size();
    }

    void clear() {
        byId.clear();
    }

    private void expire(Instant now) {
        Instant oldest = now.minus(maxAge);
        for (Iterator<Map.Entry<Long, Held<V>>> it = byId.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Held<V>> entry = it.next();
            if (!entry.getValue().since().isBefore(oldest)) {
                return; // held in arrival order: the rest are younger
            }
            dropped.accept(entry.getKey());
            it.remove();
        }
    }
}
