// The app's inspector: one ExchangeLog fed by all of the signed-in user's tunnels, served on 127.0.0.1:4040 (or the
// next free port) to the web page and scripts while signed in, and one pane model per tunnel that follows the log,
// so the app and the page show the same exchanges under the same ids.
package dev.portway.desktop.ui.inspector;

import dev.portway.agent.engine.AgentStatus;
import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.LiveConnection;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.agent.engine.TunnelManager;
import dev.portway.agent.engine.inspect.ConnectionList;
import dev.portway.agent.engine.inspect.ExchangeLog;
import dev.portway.agent.engine.inspect.InspectServer;
import dev.portway.agent.engine.inspect.SavedSets;
import dev.portway.agent.engine.inspect.SetReplay;
import dev.portway.desktop.ui.common.Calls;
import dev.portway.desktop.ui.common.Session;
import dev.portway.desktop.ui.sockets.SocketsModel;
import dev.portway.desktop.ui.tunnel.TunnelModel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

public final class Inspectors {
    /**
     * The system property that sets the inspector's port: a port (the next free one if taken; 0: any) or "off" for
     * none; without it 4040, as every agent.
     */
    public static final String PORT_PROPERTY = "portway.inspect.port";

    private final Session session;
    private final SocketsModel sockets;
    private final Calls calls;
    private final ExchangeLog log = new ExchangeLog();
    /** The tunnels' tcp and tls connections and udp flows, for the page's Connections tab (the pane has none). */
    private final ConnectionList connections = new ConnectionList();
    /**
     * The saved sets, the page's files too (the settings folder's inspect-sets/), and what replays them: the page's
     * too, so one set replays at a time across the panes and the page.
     */
    private final InspectorModel.Sets sets;
    private final Path setsDir;
    private final Map<String, InspectorModel> byTunnel = new HashMap<>();
    /**
     * Each tunnel's feed into the log, with the local service it was made for: used on the engine's threads (the log
     * is thread-safe), so only the pane's model waits for the FX thread.
     */
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    /** The local service each tunnel exposes, as the FX thread last read it (at each of the tunnel's reports). */
    private final Map<String, LocalTarget> targets = new ConcurrentHashMap<>();
    /** Which tunnel exposes a local service: where the log's exchanges (and replays made on the page) are listed. */
    private final Map<LocalTarget, String> tunnelOf = new ConcurrentHashMap<>();
    private final ReadOnlyStringWrapper url = new ReadOnlyStringWrapper();
    private volatile InspectServer server;
    /** Bumped by each start and stop: a server that finishes starting after a sign-out is closed at once. */
    private long generation;

    private record Feed(LocalTarget target, Consumer<Exchange> sink) {
    }

    /** setsDir: where saved sets are kept, beside the app's settings; null: none. */
    public Inspectors(Session session, SocketsModel sockets, Calls calls, Path setsDir) {
        this.session = session;
        this.sockets = sockets;
        this.calls = calls;
        this.setsDir = setsDir;
        this.sets = new InspectorModel.Sets(setsDir == null ? null : new SavedSets(setsDir), new SetReplay(log));
        log.follow(this::list);
    }

    /** The inspector of a tunnel (FX thread), made when first asked for. */
    public InspectorModel of(String tunnelId) {
        return byTunnel.computeIfAbsent(tunnelId, id -> new InspectorModel(ExchangeLog.KEEP,
                InspectorModel.SEARCH_PAUSE, calls, log, sets, () -> target(id),
                on -> session.engine(m -> m.capture(id, on))));
    }

    /**
     * The local service the tunnel exposes now, for a replay of an exchange the log no longer holds (a replay goes
     * there, not through the tunnel); its answers are listed under this tunnel.
     */
    private LocalTarget target(String tunnelId) {
        LocalTarget t = sockets.tunnel(tunnelId).map(TunnelModel::target)
                .orElseThrow(() -> new IllegalStateException("the tunnel is gone"));
        tunnelOf.putIfAbsent(t, tunnelId);
        return t;
    }

    /**
     * An exchange of the log, in its latest state (on the thread that added it), goes to the pane of the tunnel whose
     * service it went to, on the FX thread.
     */
    private void list(Exchange e) {
        log.target(e.id()).map(tunnelOf::get).ifPresent(tunnelId -> calls.fx(() -> of(tunnelId).add(e)));
    }

    /** The tunnel's local service as the app sets it now (FX thread), for the engine's threads to read. */
    private void learnTarget(String tunnelId) {
        sockets.tunnel(tunnelId).map(TunnelModel::target).ifPresent(t -> targets.put(tunnelId, t));
    }

    /**
     * A tunnel's exchange goes into the log (on the engine's thread), under its tunnel's local service (where a replay
     * of it is sent). Before the FX thread has told that service (the tunnel's first report) it is read there.
     */
    private void feed(String tunnelId, Exchange e) {
        LocalTarget to = targets.get(tunnelId);
        if (to == null) {
            calls.fx(() -> {
                learnTarget(tunnelId);
                if (targets.containsKey(tunnelId)) {
                    feed(tunnelId, e);
                }
            });
            return;
        }
        Feed f = feeds.compute(tunnelId, (id, old) -> old != null && old.target().equals(to) ? old
                : new Feed(to, log.feed(to)));
        tunnelOf.put(to, tunnelId);
        f.sink().accept(e);
    }

    /**
     * Serves the log on 127.0.0.1 (FX thread; the port from PORT_PROPERTY), off the FX thread; urlProperty says
     * where once it listens. A port it cannot have is said in problems, and the app goes on without.
     */
    public void serve(Consumer<String> problems) {
        Integer port;
        try {
            port = port(System.getProperty(PORT_PROPERTY));
        } catch (IllegalArgumentException bad) {
            problems.accept(bad.getMessage());
            port = InspectServer.DEFAULT_PORT;
        }
        if (port == null || server != null) {
            return;
        }
        long mine = ++generation;
        int asked = port;
        calls.run(() -> InspectServer.start(log, connections, asked, setsDir, sets.replay()), s -> {
            if (mine != generation) {
                calls.run(() -> {
                    s.close();
                    return null;
                }, x -> { }, x -> { });
                return;
            }
            server = s;
            url.set(s.url());
        }, why -> problems.accept("No inspector page: " + why));
    }

    /** The port asked for: null for "off", 4040 when not set; IllegalArgumentException (said plainly) if no port. */
    static Integer port(String asked) {
        if (asked == null || asked.isBlank()) {
            return InspectServer.DEFAULT_PORT;
        }
        if (asked.strip().equalsIgnoreCase("off")) {
            return null;
        }
        try {
            int port = Integer.parseInt(asked.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("-D" + PORT_PROPERTY + " is a port from 0 to 65535 or off, not \""
                + asked.strip() + "\": the inspector page is on " + InspectServer.DEFAULT_PORT
                + " or the next free port");
    }

    /** Stops serving (FX thread); the listening socket closes off it. */
    public void stopServing() {
        generation++;
        InspectServer s = server;
        server = null;
        url.set(null);
        if (s != null) {
            calls.run(() -> {
                s.close();
                return null;
            }, x -> { }, x -> { });
        }
    }

    /** On quit, off the FX thread: the port is let go before the process ends. */
    public void close() {
        InspectServer s = server;
        server = null; // a second quit (a signal after the menu's) has nothing left to close
        if (s != null) {
            s.close();
        }
    }

    /** Where the web page is served ("http://127.0.0.1:4040/"); null while it is not. */
    public ReadOnlyStringProperty urlProperty() {
        return url.getReadOnlyProperty();
    }

    /** Whether someone looks at the page or calls the API (the tunnels then capture, whatever their switch says). */
    public boolean watched() {
        return log.watched();
    }

    /** The connections the page lists. */
    public ConnectionList connections() {
        return connections;
    }

    /** What the page and the panes show. */
    public ExchangeLog log() {
        return log;
    }

    /** Once a second, from the app's sampler. */
    public void tick(Instant now) {
        byTunnel.values().forEach(i -> i.tick(now));
    }

    /** After a sign-out: another user's tunnels follow, and none of this user's exchanges stay. */
    public void clear() {
        byTunnel.clear();
        feeds.clear();
        targets.clear();
        tunnelOf.clear();
        log.clear();
        connections.clear();
    }

    /** The engine's listener: everything goes to events, and each exchange also into the log. */
    public TunnelManager.Listener alongside(TunnelManager.Listener events) {
        return new TunnelManager.Listener() {
            @Override
            public void onStatus(String tunnelId, AgentStatus status, String detail) {
                events.onStatus(tunnelId, status, detail);
                calls.fx(() -> learnTarget(tunnelId)); // a restart may follow a change of the local service
            }

            @Override
            public void onExchange(String tunnelId, Exchange exchange) {
                events.onExchange(tunnelId, exchange);
                feed(tunnelId, exchange);
            }

            @Override
            public void onConnectionChange(String tunnelId, LiveConnection connection) {
                connections.put(connection); // thread-safe: listed from the connection's event loop
            }

            @Override
            public void onLocalService(String tunnelId, boolean reachable, String detail) {
                events.onLocalService(tunnelId, reachable, detail);
            }
        };
    }
}
