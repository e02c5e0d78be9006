// The custom domains this node serves now, and who hears of changes to them. The edge's catalog reports every
// change here, whatever made it (the API, the checker, another node seen through the store), called on the thread
// that made it: a listener must not block.
package dev.portway.server.domains;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class CustomDomains implements CustomDomainListener {
    private static final Logger LOG = LoggerFactory.getLogger(CustomDomains.class);

    private final Map<String, String> served = new ConcurrentHashMap<>();
    private final List<CustomDomainListener> listeners = new CopyOnWriteArrayList<>();

    /** Tells the listener of every change from now on; served() gives what is served already. */
    public void onChange(CustomDomainListener listener) {
        listeners.add(listener);
    }

    /** Every custom domain served now, with its socket's id. */
    public Map<String, String> served() {
        return Map.copyOf(served);
    }

    @Override
    public void served(String name, String socketId) {
        served.put(name, socketId);
        for (CustomDomainListener l : listeners) {
            try {
                l.served(name, socketId);
            } catch (RuntimeException e) {
                LOG.warn("a listener failed on custom domain {}: {}", name, e.toString());
            }
        }
    }

    @Override
    public void withdrawn(String name) {
        served.remove(name);
        for (CustomDomainListener l : listeners) {
            try {
                l.withdrawn(name);
            } catch (RuntimeException e) {
                LOG.warn("a listener failed on custom domain {}: {}", name, e.toString());
            }
        }
    }
}
