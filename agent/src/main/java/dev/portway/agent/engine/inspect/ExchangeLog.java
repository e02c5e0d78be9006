// The inspector's memory for one tunnel: the newest exchanges, each in its latest state, at most KEEP of them and
// none older than MAX_AGE, so a long-running agent's memory stays bounded (each body is bounded by its capture limit).
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Exchange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class ExchangeLog {
    /** What the app's pane lists and a person scrolls through; with two 64 KiB bodies each, at most ~64 MiB. */
    public static final int KEEP = 500;
    /** A debugging session's worth: older exchanges go even when fewer than KEEP came since. */
    public static final Duration MAX_AGE = Duration.ofHours(1);

    private final int keep;
    private final Duration maxAge;
    private final Clock clock;
    /** In the order each exchange first came, with when: the eldest goes first, by count or by age. */
    private final Map<Long, Held> byId = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Held> eldest) {
            return size() > keep;
        }
    };

    private record Held(Exchange exchange, Instant since) {
    }

    public ExchangeLog() {
        this(KEEP);
    }

    public ExchangeLog(int keep) {
        this(keep, MAX_AGE, Clock.systemUTC());
    }

    /** keep: the most exchanges held; maxAge: how long one is held after it first came. */
    public ExchangeLog(int keep, Duration maxAge, Clock clock) {
        if (keep < 1 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("an exchange log keeps at least one exchange for some time");
        }
        this.keep = keep;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** A new exchange goes last; a later snapshot of one already here takes its place (and keeps its age). */
    public synchronized void put(Exchange e) {
        Instant now = clock.instant();
        Held old = byId.get(e.id());
        byId.put(e.id(), new Held(e, old == null ? now : old.since()));
        expire(now);
    }

    /** Oldest first. */
    public synchronized List<Exchange> all() {
        expire(clock.instant());
        List<Exchange> all = new ArrayList<>(byId.size());
        byId.values().forEach(h -> all.add(h.exchange()));
        return all;
    }

    public synchronized int size() {
        expire(clock.instant());
        return byId.size();
    }

    public synchronized void clear() {
        byId.clear();
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
