// The inspector's memory for one tunnel: the newest exchanges, each in its latest state, at most KEEP of them.
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Exchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class ExchangeLog {
    public static final int KEEP = 500;

    private final int keep;
    private final Map<Long, Exchange> byId = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Exchange> eldest) {
            return size() > keep;
        }
    };

    public ExchangeLog() {
        this(KEEP);
    }

    public ExchangeLog(int keep) {
        this.keep = keep;
    }

    /** A new exchange goes last; a later snapshot of one already here takes its place. */
    public synchronized void put(Exchange e) {
        byId.put(e.id(), e);
    }

    /** Oldest first. */
    public synchronized List<Exchange> all() {
        return new ArrayList<>(byId.values());
    }

    public synchronized void clear() {
        byId.clear();
    }
}
