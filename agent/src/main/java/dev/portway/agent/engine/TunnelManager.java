// Runs the tunnels a user switched on (one agent each), remembers them, and restores them at the next start.
package dev.portway.agent.engine;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

public final class TunnelManager implements AutoCloseable {
    /** What the manager reports per tunnel; called from background threads. */
    public interface Listener {
        void onStatus(String tunnelId, AgentStatus status, String detail);

        default void onExchange(String tunnelId, Exchange exchange) {
        }

        /** A tcp or tls connection or a udp flow opened or ended (on its event loop), for the inspector's list. */
        default void onConnectionChange(String tunnelId, LiveConnection connection) {
        }

        void onLocalService(String tunnelId, boolean reachable, String detail);
    }

    private final ApiClient api;
    private final SettingsStore settings;
    private final Listener listener;
    private final Map<String, TunnelAgent> running = new ConcurrentHashMap<>();
    /**
     * Each switch-on gets a generation; a launch still in flight when its tunnel is switched off (or on again, or
     * the manager closes) sees its generation gone and gives up, closing whatever it made.
     */
    private final Map<String, Long> generations = new ConcurrentHashMap<>();
    private final AtomicLong nextGeneration = new AtomicLong();
    /** Tunnels whose inspector capture is off; kept here so an agent started (or restarted) later obeys it too. */
    private final java.util.Set<String> captureOff = ConcurrentHashMap.newKeySet();
    /** Whether someone looks at the inspector (its web page, a script): then every tunnel captures, switch or not. */
    private volatile BooleanSupplier watched = () -> false;
    private volatile boolean closed;
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "portway-tunnels");
        t.setDaemon(true);
        return t;
    });

    public TunnelManager(ApiClient api, SettingsStore settings, Listener listener) {
        this.api = api;
        this.settings = settings;
        this.listener = listener;
    }

    /** Switches a tunnel on: remembers it as on, then connects in the background (never blocks the caller). */
    public void start(String socketId, String tunnelId, LocalTarget target) {
        remember(new Settings.SavedTunnel(socketId, tunnelId, target.host(), target.port(), true,
                target.hostHeader()));
        long generation = nextGeneration.incrementAndGet();
        generations.put(tunnelId, generation);
        BooleanSupplier current = () -> !closed && Long.valueOf(generation).equals(generations.get(tunnelId));
        listener.onStatus(tunnelId, AgentStatus.CONNECTING, "preparing");
        background.execute(() -> {
            AgentListener forward = new AgentListener() {
                @Override
                public void onStatus(AgentStatus status, String detail) {
                    if (current.getAsBoolean() || status == AgentStatus.STOPPED) {
                        listener.onStatus(tunnelId, status, detail);
                    }
                }

                @Override
                public void onExchange(Exchange exchange) {
                    listener.onExchange(tunnelId, exchange);
                }

                @Override
                public void onConnectionChange(LiveConnection connection) {
                    listener.onConnectionChange(tunnelId, connection);
                }

                @Override
                public void onLocalService(boolean reachable, String detail) {
                    listener.onLocalService(tunnelId, reachable, detail);
                }
            };
            try {
                TunnelAgent agent = TunnelLauncher.launch(api, socketId, tunnelId, target, forward,
                        () -> !current.getAsBoolean());
                if (agent == null) {
                    return;
                }
                TunnelAgent previous;
                synchronized (this) {
                    if (!current.getAsBoolean()) {
                        agent.close();
                        return;
                    }
                    previous = running.put(tunnelId, agent);
                    // Read for each new connection: a switch or a look at the page applies to the next one.
                    agent.capture(() -> !captureOff.contains(tunnelId) || watched.getAsBoolean());
                }
                if (previous != null) {
                    previous.close();
                }
            } catch (ApiException e) {
                if (current.getAsBoolean()) {
                    listener.onStatus(tunnelId, AgentStatus.ERROR, e.getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Switches a tunnel off: closes its link and remembers it as off. */
    public void stop(String tunnelId) {
        TunnelAgent agent;
        synchronized (this) {
            generations.remove(tunnelId);
            agent = running.remove(tunnelId);
        }
        saved(tunnelId).ifPresent(t -> remember(new Settings.SavedTunnel(t.socketId(), t.tunnelId(), t.host(),
                t.port(), false, t.hostHeader())));
        if (agent != null) {
            background.execute(agent::close);
        } else {
            listener.onStatus(tunnelId, AgentStatus.STOPPED, null);
        }
    }

    /** Inspector capture on or off for a tunnel: off, only method, path, status and sizes are kept. */
    public void capture(String tunnelId, boolean on) {
        if (on) {
            captureOff.remove(tunnelId);
        } else {
            captureOff.add(tunnelId);
        }
    }

    /** Capture also while watched says someone looks (the inspector's page), whatever the tunnel's switch says. */
    public TunnelManager captureWhile(BooleanSupplier watched) {
        this.watched = watched;
        return this;
    }

    /** Forgets a deleted tunnel. */
    public void forget(String tunnelId) {
        stop(tunnelId);
        settings.update(s -> s.withoutTunnel(tunnelId));
    }

    /** Starts every tunnel that was on when the app last ran. */
    public void restore() {
        settings.load().tunnels().stream().filter(Settings.SavedTunnel::on)
                .forEach(t -> start(t.socketId(), t.tunnelId(), t.target()));
    }

    public Optional<Settings.SavedTunnel> saved(String tunnelId) {
        return settings.load().tunnels().stream().filter(t -> t.tunnelId().equals(tunnelId)).findFirst();
    }

    public Optional<TrafficCounters> counters(String tunnelId) {
        return Optional.ofNullable(running.get(tunnelId)).map(TunnelAgent::counters);
    }

    private void remember(Settings.SavedTunnel t) {
        settings.update(s -> s.withTunnel(t));
    }

    /** Closes every link but keeps them remembered as on, for the next start. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            generations.clear();
        }
        running.values().forEach(TunnelAgent::close);
        running.clear();
        background.shutdownNow();
    }
}
