// The sockets "Share port…" made: known here for the switch, and remembered in the settings until the server has
// deleted them, so that those an app killed before its clean-up left behind are deleted at its next start. Known by
// id, never by name: "share port 8000" may as well be a socket someone made by hand.
package dev.portway.desktop.ui.sockets;

import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.ApiException;
import dev.portway.agent.engine.SettingsStore;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

public final class TemporarySockets {
    private final SettingsStore store;
    /** Touched by the FX thread and by the clean-up at sign-out, quit and start. */
    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    public TemporarySockets(SettingsStore store) {
        this.store = store;
    }

    /** A socket made for a share; off the FX thread (writes the settings) and before anything else can fail. */
    void made(String socketId) {
        ids.add(socketId);
        store.update(s -> s.withTemporarySocket(socketId));
    }

    /** Whether socketId was a temporary socket, no longer known here as one; the settings keep it until forgotten. */
    boolean release(String socketId) {
        return ids.remove(socketId);
    }

    /** The server has deleted it (off the FX thread). */
    void forget(String socketId) {
        ids.remove(socketId);
        store.update(s -> s.withoutTemporarySocket(socketId));
    }

    /**
     * Deletes those of this run and those an earlier run left, with the client signed in to their server (off the
     * FX thread). One the server no longer has for this account is forgotten; one it could not be asked about (down,
     * or failing) stays remembered for the next start.
     */
    void deleteAll(ApiClient client) {
        Set<String> all = new LinkedHashSet<>(ids);
        all.addAll(store.load().temporarySockets());
        for (String id : all) {
            ids.remove(id);
            try {
                client.deleteSocket(id);
                forget(id);
            } catch (ApiException e) {
                if (e.status() == 404 || e.status() == 403) {
                    forget(id);
                }
            }
        }
    }
}
