// Runs the tunnels a user switched on (one agent each), remembers them, and restores them at the next start.
package dev.portway.desktop.engine;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

public final class TunnelManager implements AutoCloseable {
    /** What the manager reports per tunnel; called from background threads. */
    public interface Listener {
        void onStatus(String tunnelId, AgentStatus status, String detail);

        void onRequest(String tunnelId, RequestLog log);

        void onLocalService(String tunnelId, boolean reachable, String detail);
    }

    private final ApiClient api;
    private final SettingsStore settings;
    private final Listener listener;
    private final Map<String, TunnelAgent> running = new ConcurrentHashMap<>();
    /** Tunnels switched on: an agent still being prepared when its switch goes off is closed on arrival. */
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
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
        remember(new Settings.SavedTunnel(socketId, tunnelId, target.host(), target.port(), true));
        wanted.add(tunnelId);
        listener.onStatus(tunnelId, AgentStatus.CONNECTING, "preparing");
        background.execute(() -> {
            AgentListener forward = new AgentListener() {
                @Override
                public void onStatus(AgentStatus status, String detail) {
                    listener.onStatus(tunnelId, status, detail);
                }

                @Override
                public void onRequest(RequestLog log) {
                    listener.onRequest(tunnelId, log);
                }

                @Override
                public void onLocalService(boolean reachable, String detail) {
                    listener.onLocalService(tunnelId, reachable, detail);
                }
            };
            try {
                TunnelAgent agent = TunnelLauncher.launch(api, socketId, tunnelId, target, forward);
                TunnelAgent previous = running.put(tunnelId, agent);
                if (previous != null) {
                    previous.close();
                }
                if (!wanted.contains(tunnelId) && running.remove(tunnelId, agent)) {
                    agent.close();
                }
            } catch (ApiException e) {
                listener.onStatus(tunnelId, AgentStatus.ERROR, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Switches a tunnel off: closes its link and remembers it as off. */
    public void stop(String tunnelId) {
        wanted.remove(tunnelId);
        TunnelAgent agent = running.remove(tunnelId);
        settings.load().tunnels().stream().filter(t -> t.tunnelId().equals(tunnelId)).findFirst()
                .ifPresent(t -> remember(new Settings.SavedTunnel(t.socketId(), t.tunnelId(), t.host(), t.port(),
                        false)));
        if (agent != null) {
            background.execute(agent::close);
        } else {
            listener.onStatus(tunnelId, AgentStatus.STOPPED, null);
        }
    }

    /** Forgets a deleted tunnel. */
    public void forget(String tunnelId) {
        stop(tunnelId);
        synchronized (settings) {
            settings.save(settings.load().withoutTunnel(tunnelId));
        }
    }

    /** Starts every tunnel that was on when the app last ran. */
    public void restore() {
        settings.load().tunnels().stream().filter(Settings.SavedTunnel::on)
                .forEach(t -> start(t.socketId(), t.tunnelId(), new LocalTarget(t.host(), t.port())));
    }

    public Optional<Settings.SavedTunnel> saved(String tunnelId) {
        return settings.load().tunnels().stream().filter(t -> t.tunnelId().equals(tunnelId)).findFirst();
    }

    public Optional<TrafficCounters> counters(String tunnelId) {
        return Optional.ofNullable(running.get(tunnelId)).map(TunnelAgent::counters);
    }

    public boolean isRunning(String tunnelId) {
        return running.containsKey(tunnelId);
    }

    private void remember(Settings.SavedTunnel t) {
        synchronized (settings) {
            settings.save(settings.load().withTunnel(t));
        }
    }

    /** Closes every link but keeps them remembered as on, for the next start. */
    @Override
    public void close() {
        running.values().forEach(TunnelAgent::close);
        running.clear();
        background.shutdownNow();
    }
}
